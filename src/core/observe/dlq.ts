/**
 * `eda dlq list|redrive|purge`: what sits in the consumers' dead-letter
 * queues and why, moving it back to the source queues with a message move
 * task (StartMessageMoveTask, progress from ListMessageMoveTasks until the
 * task is no longer RUNNING), or deleting it after a confirmation.
 */
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { ListMessageMoveTasksCommand, PurgeQueueCommand, StartMessageMoveTaskCommand, type ListMessageMoveTasksResultEntry } from "@aws-sdk/client-sqs";
import { POISON_METADATA_NAME } from "../../../handlers/shared/poison.js";
import type { CoreContext } from "../context.js";
import { OperationError } from "../errors.js";
import { httpStatus, isAwsError } from "../aws-errors.js";
import { failureText } from "../aws-errors.js";
import type { Consumer } from "../stack/config.js";
import { forEachBounded, withRequestRoom } from "../bounded.js";
import { contentsText, peekQueue, queueDepth, type PeekedMessage } from "./dead-letter-peek.js";
import { openPipeline, type Pipeline } from "../stack/deployed-pipeline.js";
import { counted, dlqsOf } from "../wording.js";

export const DLQ_LIST_DEFAULT_LIMIT = 50;
const MOVE_POLL_INTERVAL_MS = 1000;

export interface DlqResult {
  ok: boolean;
  summary: string;
  lines: string[];
  data: Record<string, unknown>;
}

interface ListedDeadLetter extends PeekedMessage {
  /** What the object looks like now, for messages about objects. */
  objectState?: string;
}

export async function listDeadLetters(commandContext: CoreContext, consumers: Consumer[], limit: number): Promise<DlqResult> {
  const ctx = withRequestRoom(commandContext, 8);
  const pipeline = await openPipeline(ctx);
  const lines: string[] = [];
  const queues: Record<string, unknown> = {};
  let total = 0;
  for (const consumer of consumers) {
    const names = pipeline.config.consumers[consumer];
    const { messages, depth } = await peekQueue(ctx.clients.sqs, pipeline.queues[consumer].deadLetterQueueUrl, { max: limit, signal: ctx.signal });
    const listed = await withObjectStates(ctx, pipeline, messages);
    const count = depth.visible + depth.inFlight;
    total += count;
    lines.push(`${consumer} DLQ ${names.deadLetterQueue}: ${count} ${count === 1 ? "message" : "messages"}${depth.inFlight > 0 ? ` (${depth.inFlight} in flight)` : ""}`);
    if (listed.length > 0) lines.push("  (receive counts include every look at the DLQ, this one too)");
    for (const message of listed) lines.push(`  ${deadLetterLine(message)}`);
    if (listed.length < depth.visible) lines.push(`  ... ${depth.visible - listed.length} more not shown (--limit)`);
    queues[consumer] = { queue: names.deadLetterQueue, url: pipeline.queues[consumer].deadLetterQueueUrl, visible: depth.visible, inFlight: depth.inFlight, messages: listed };
  }
  return {
    ok: true,
    summary: total === 0 ? `${dlqsOf(consumers)} ${consumers.length === 1 ? "is" : "are"} empty` : `${counted(total, "message")} in ${dlqsOf(consumers)} (redrive with eda dlq redrive, delete with eda dlq purge)`,
    lines,
    data: { queues, total },
  };
}

/** "059f36b4…  6 receives  from eda-demo-inventory  2026-01-01T12:00:00.000Z  uploads/bad.txt (ObjectCreated:Put): object still carries eda-poison" */
function deadLetterLine(message: ListedDeadLetter): string {
  const source = message.sourceQueueArn ? ` from ${message.sourceQueueArn.split(":").at(-1)}` : "";
  const sent = message.sentTimestamp > 0 ? ` sent ${new Date(message.sentTimestamp).toISOString()}` : "";
  const state = message.objectState ? `: ${message.objectState}` : "";
  return `${message.messageId}  ${counted(message.receiveCount, "receive")}${source}${sent}  ${contentsText(message.contents)}${state}`;
}

/**
 * Looks at each object a message is about: whether it still exists and
 * still carries the poison marker. An object that cannot be read is shown
 * as `unreadable: <reason>` and the listing goes on.
 */
async function withObjectStates(ctx: CoreContext, pipeline: Pipeline, messages: PeekedMessage[]): Promise<ListedDeadLetter[]> {
  const listed: ListedDeadLetter[] = messages.map((message) => ({ ...message }));
  await forEachBounded(
    listed,
    8,
    async (message) => {
      if (message.contents.kind === "message" && message.contents.poison) message.objectState = 'the body has "poison": true, so a redrive fails again';
      if (message.contents.kind !== "objects") return;
      const states: string[] = [];
      for (const object of message.contents.objects) {
        if (object.bucket !== pipeline.bucket.bucket) continue;
        try {
          const head = await ctx.clients.s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, ExpectedBucketOwner: pipeline.bucket.owner }), {
            abortSignal: ctx.signal,
          });
          states.push(
            POISON_METADATA_NAME in (head.Metadata ?? {})
              ? `object still carries the ${POISON_METADATA_NAME} marker, so a redrive fails again`
              : "object no longer carries a poison marker",
          );
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          states.push(isAwsError(error, "NotFound", "NoSuchKey") ? "object no longer exists" : `unreadable: ${unreadableReason(error)}`);
        }
      }
      if (states.length > 0) message.objectState = states.join("; ");
    },
    ctx.signal,
  );
  return listed;
}

/** HEAD answers carry no error body, so the SDK names a refusal only by its status. */
function unreadableReason(error: unknown): string {
  const status = httpStatus(error);
  if (status === 403) return "access denied (HTTP 403): these credentials may not read the object";
  const text = failureText(error);
  return status !== undefined && !text.includes(`HTTP ${status}`) ? `${text} (HTTP ${status})` : text;
}

export async function redriveDeadLetters(ctx: CoreContext, consumers: Consumer[]): Promise<DlqResult> {
  const pipeline = await openPipeline(ctx);
  // Both DLQs at once: each move task runs on its own.
  const outcomes = await Promise.all(
    consumers.map(async (consumer) => {
      const names = pipeline.config.consumers[consumer];
      const depth = await queueDepth(ctx.clients.sqs, pipeline.queues[consumer].deadLetterQueueUrl, ctx.signal);
      if (depth.visible === 0) {
        return {
          consumer,
          line: `${consumer}: ${names.deadLetterQueue} has nothing to redrive${depth.inFlight > 0 ? ` (${depth.inFlight} in flight)` : ""}`,
          failed: false,
          moved: 0,
          data: { status: "EMPTY", moved: 0 },
        };
      }
      const task = await moveBack(ctx, consumer, names.deadLetterQueue, names.queue, pipeline.queues[consumer].deadLetterQueueArn);
      const count = task.ApproximateNumberOfMessagesMoved ?? 0;
      const failed = task.Status !== "COMPLETED";
      return {
        consumer,
        line: failed
          ? `${consumer}: redrive ${task.Status}${task.FailureReason ? `: ${task.FailureReason}` : ""} after moving ${count}`
          : `${consumer}: moved ${count} ${count === 1 ? "message" : "messages"} from ${names.deadLetterQueue} back to ${names.queue}`,
        failed,
        moved: count,
        data: { status: task.Status, moved: count, toMove: task.ApproximateNumberOfMessagesToMove, failureReason: task.FailureReason },
      };
    }),
  );
  const lines = outcomes.map((outcome) => outcome.line);
  const moved = Object.fromEntries(outcomes.map((outcome) => [outcome.consumer, outcome.data]));
  const failures = outcomes.filter((outcome) => outcome.failed).length;
  const total = outcomes.reduce((sum, outcome) => sum + outcome.moved, 0);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const summary =
    failures > 0
      ? `redrive failed for ${failures} of ${counted(consumers.length, "DLQ")}`
      : total === 0
        ? "nothing to redrive"
        : `moved ${total} ${total === 1 ? "message" : "messages"} back to the source queues; the consumers process them again (watch with eda tail)`;
  return { ok: failures === 0, summary, lines, data: { queues: moved, moved: total } };
}

/** Starts a move task back to the source queue and reports its progress until it is no longer RUNNING. */
async function moveBack(ctx: CoreContext, consumer: Consumer, deadLetterQueue: string, queue: string, deadLetterQueueArn: string): Promise<ListMessageMoveTasksResultEntry> {
  let taskHandle: string | undefined;
  try {
    ({ TaskHandle: taskHandle } = await ctx.clients.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterQueueArn }), { abortSignal: ctx.signal }));
  } catch (error) {
    if (/already a task running/i.test((error as Error).message ?? "")) {
      throw new OperationError(`a redrive of ${deadLetterQueue} is already running: wait for it to finish (eda dlq list shows what is left)`, { cause: error });
    }
    throw error;
  }
  ctx.events.emit({ type: "info", message: `${consumer}: moving messages from ${deadLetterQueue} back to ${queue}` });
  let lastMoved = -1;
  for (;;) {
    const { Results: tasks = [] } = await ctx.clients.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: deadLetterQueueArn, MaxResults: 10 }), {
      abortSignal: ctx.signal,
    });
    // Most recent first; only a running task shows its handle.
    const task = tasks.find((entry) => entry.TaskHandle === taskHandle) ?? tasks[0];
    if (!task) throw new OperationError(`the redrive of ${deadLetterQueue} started but ListMessageMoveTasks does not show it`);
    const movedSoFar = task.ApproximateNumberOfMessagesMoved ?? 0;
    if (movedSoFar !== lastMoved || task.Status !== "RUNNING") {
      lastMoved = movedSoFar;
      ctx.events.emit({
        type: "data",
        topic: "redrive",
        message: `${consumer}: ${task.Status}, moved ${movedSoFar} of ${task.ApproximateNumberOfMessagesToMove ?? "?"}`,
        data: { consumer, ...task },
      });
    }
    if (task.Status !== "RUNNING") return task;
    await ctx.clock.sleep(MOVE_POLL_INTERVAL_MS, ctx.signal);
  }
}

export async function purgeDeadLetters(ctx: CoreContext, consumers: Consumer[], confirm: (question: string) => Promise<boolean>): Promise<DlqResult> {
  const pipeline = await openPipeline(ctx);
  const depths = await Promise.all(consumers.map((consumer) => queueDepth(ctx.clients.sqs, pipeline.queues[consumer].deadLetterQueueUrl, ctx.signal)));
  const counts = consumers.map((consumer, index) => ({ consumer, queue: pipeline.config.consumers[consumer].deadLetterQueue, count: depths[index]!.visible + depths[index]!.inFlight }));
  const nonEmpty = counts.filter((entry) => entry.count > 0);
  if (nonEmpty.length === 0) return { ok: true, summary: `${dlqsOf(consumers)} ${consumers.length === 1 ? "is" : "are"} already empty`, lines: [], data: { purged: [] } };
  const what = nonEmpty.map((entry) => `${entry.count} in ${entry.queue}`).join(" and ");
  if (!(await confirm(`Delete every message in ${dlqsOf(nonEmpty.map((entry) => entry.consumer))} (${what})? They cannot be recovered.`))) {
    return { ok: false, summary: "purge cancelled: nothing was deleted", lines: [], data: { cancelled: true } };
  }
  for (const entry of nonEmpty) {
    try {
      await ctx.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: pipeline.queues[entry.consumer].deadLetterQueueUrl }), { abortSignal: ctx.signal });
    } catch (error) {
      if (isAwsError(error, "PurgeQueueInProgress")) {
        throw new OperationError(`${entry.queue} was purged less than 60 seconds ago; SQS allows one purge per queue every 60 seconds: try again in a minute`, { cause: error });
      }
      throw error;
    }
  }
  return {
    ok: true,
    summary: `purged ${what} (SQS may take up to 60 seconds to finish deleting)`,
    lines: [],
    data: { purged: nonEmpty },
  };
}
