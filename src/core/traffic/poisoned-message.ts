/**
 * `eda send` of a poisoned message (`{"poison": true}`): it fails on purpose
 * every time, so instead of results the user gets told when it should be in
 * the DLQs (dead-letter-eta.ts) and, when that is soon (an emulator started
 * with --time-scale) or --timeout asks for it, sees it arrive there.
 */
import type { CoreContext } from "../context.js";
import type { Consumer } from "../stack/config.js";
import { clockTime, deadLetterEta, deadLetterEtaLines, formatDuration } from "../observe/dead-letter-eta.js";
import { peekQueue, queueRedrive } from "../observe/dead-letter-peek.js";
import type { Pipeline } from "../stack/deployed-pipeline.js";

/** Without --timeout, eda send waits for a poisoned message only when it is expected in the DLQs within this. */
export const POISON_WAIT_LIMIT_MS = 120_000;
/** Room for the function runs and the poller's long polls on top of receives x visibility timeout. */
const ARRIVAL_SLACK_MS = 30_000;
const LOOK_INTERVAL_MS = 1000;
/** A DLQ look never holds more than this many messages at once. */
const MAX_DEAD_LETTERS_EXAMINED = 1000;

export interface PoisonedSend {
  id: string;
  consumers: Consumer[];
  sentAt: number;
  wait: boolean;
  /** --timeout, when given. */
  timeoutMs?: number;
  /** The command that lists the DLQs, with the user's flags (eda dlq list --local ...). */
  dlqListCommand: string;
}

export interface PoisonedOutcome {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

export async function followPoisonedMessage(ctx: CoreContext, pipeline: Pipeline, sent: PoisonedSend): Promise<PoisonedOutcome> {
  const queues = await Promise.all(sent.consumers.map((consumer) => queueRedrive(ctx.clients.sqs, pipeline.queues[consumer].queueUrl, ctx.signal)));
  const eta = deadLetterEta(queues, sent.sentAt, ctx.target.timeScale);
  const [expectation, advice] = deadLetterEtaLines(eta, { local: ctx.target.local, timeScale: ctx.target.timeScale ?? 1 });
  ctx.events.emit({ type: "info", message: `message ${sent.id} is poisoned and fails on purpose: ${expectation}` });
  if (advice) ctx.events.emit({ type: "info", message: advice });
  const data = { id: sent.id, poisoned: true, expectedInDeadLetterQueuesAt: new Date(eta.expectedAt).toISOString() };

  const waitMs = sent.timeoutMs ?? (eta.afterMs <= POISON_WAIT_LIMIT_MS ? eta.afterMs + ARRIVAL_SLACK_MS : undefined);
  if (!sent.wait || waitMs === undefined) {
    return { ok: true, summary: `sent poisoned message ${sent.id}; look for it after ${clockTime(eta.expectedAt)} with: ${sent.dlqListCommand}`, data };
  }

  const arrived = new Map<Consumer, number>();
  const deadline = sent.sentAt + waitMs;
  for (;;) {
    for (const consumer of sent.consumers.filter((c) => !arrived.has(c))) {
      const { messages } = await peekQueue(ctx.clients.sqs, pipeline.queues[consumer].deadLetterQueueUrl, { max: MAX_DEAD_LETTERS_EXAMINED, signal: ctx.signal });
      if (messages.some((m) => m.contents.kind === "message" && m.contents.id === sent.id)) {
        const afterMs = ctx.clock.now() - sent.sentAt;
        arrived.set(consumer, afterMs);
        const queue = pipeline.config.consumers[consumer].deadLetterQueue;
        ctx.events.emit({ type: "data", topic: "dead-letter", message: `${consumer.padEnd(9)} message ${sent.id} reached ${queue} after ${formatDuration(afterMs)}`, data: { consumer, queue, id: sent.id, afterMs } });
      }
    }
    if (arrived.size === sent.consumers.length) {
      return {
        ok: true,
        summary: `poisoned message ${sent.id} failed on every receive and reached the DLQ of ${sent.consumers.join(" and ")}, as expected (inspect it: ${sent.dlqListCommand})`,
        data: { ...data, arrivedAfterMs: Object.fromEntries(arrived) },
      };
    }
    if (ctx.clock.now() >= deadline) break;
    await ctx.clock.sleep(LOOK_INTERVAL_MS, ctx.signal);
  }
  const missing = sent.consumers.filter((c) => !arrived.has(c));
  return {
    ok: false,
    summary: `poisoned message ${sent.id} is not in the DLQ of ${missing.join(" or ")} after ${formatDuration(waitMs)} (expected at about ${clockTime(eta.expectedAt)}; see eda logs)`,
    data: { ...data, missing },
  };
}
