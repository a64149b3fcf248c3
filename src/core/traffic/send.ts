/**
 * `eda send MESSAGE`: a message straight to the consumers' queues, skipping
 * S3 and SNS. The body is JSON with an `id` (the user's, or a generated
 * one), so its result key `results/<consumer>/messages/<id>.json` is known
 * and the results can be shown as they land (a project consumer's record
 * is found in its tracing shim's lines by the SQS message id). A JSON
 * object is sent as it is (plus the id), so `{"poison": true}` works;
 * anything else is wrapped as `{"id": ..., "message": MESSAGE}`.
 */
import { randomBytes } from "node:crypto";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { messageResultKey } from "../../../handlers/shared/result.js";
import { edaCommand } from "../command-line.js";
import type { CoreContext } from "../context.js";
import { UsageError } from "../errors.js";
import { isAwsError } from "../aws-errors.js";
import { RESULTS_PREFIX, type Consumer } from "../stack/config.js";
import { awaitResults, clearResults } from "../observe/await-results.js";
import { awaitTraces } from "../observe/await-traces.js";
import { describeBody } from "../observe/dead-letter-peek.js";
import { followPoisonedMessage } from "./poisoned-message.js";
import { withRequestRoom } from "../bounded.js";
import { openPipeline } from "../stack/deployed-pipeline.js";
import { resultText, tracedRecordText } from "../observe/result-lines.js";
import { newRunId } from "../test/test-objects.js";
import { formatMs } from "../test/test-summary.js";
import { TraceFollower } from "../observe/traces.js";

export const SEND_DEFAULT_TIMEOUT_MS = 30_000;

export interface SendOptions {
  message: string;
  consumers: Consumer[];
  wait: boolean;
  /** --timeout; results are awaited SEND_DEFAULT_TIMEOUT_MS without it. */
  timeoutMs?: number;
}

export interface SendResult {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

/** Ids become part of an S3 key: keep them to characters that need no encoding anywhere. */
const SAFE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** The body to send and its id. */
export function messageBody(message: string, generatedId: string): { id: string; body: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    const fields = parsed as Record<string, unknown>;
    if (fields.id === undefined) return { id: generatedId, body: JSON.stringify({ id: generatedId, ...fields }) };
    if (typeof fields.id !== "string" || !SAFE_ID.test(fields.id)) {
      throw new UsageError(`invalid message id ${JSON.stringify(fields.id)}: use letters, digits, ".", "_" and "-" (at most 200), or leave "id" out to get one`);
    }
    return { id: fields.id, body: message };
  }
  return { id: generatedId, body: JSON.stringify({ id: generatedId, message }) };
}

export async function send(commandContext: CoreContext, options: SendOptions): Promise<SendResult> {
  const ctx = withRequestRoom(commandContext, 8);
  if (options.message.trim() === "") throw new UsageError("the message is empty: eda send MESSAGE");
  const { id, body } = messageBody(options.message, `msg-${newRunId(ctx.clock.now(), randomBytes(3).toString("hex"))}`);
  const pipeline = await openPipeline(ctx, { mappings: options.wait });
  const isTraced = (consumer: Consumer) => pipeline.config.consumerSpecs[consumer]?.code.kind === "project";
  const expected = options.consumers.filter((consumer) => !isTraced(consumer)).map((consumer) => ({ consumer, resultKey: messageResultKey(`${RESULTS_PREFIX}${consumer}/`, id) }));
  // Traces are read from a little before the send: the functions' clock may be behind this machine's.
  const followers = new Map(
    options.consumers.filter(isTraced).map((consumer) => [consumer, new TraceFollower(ctx.clients.logs, pipeline.config.consumers[consumer].logGroup, ctx.clock.now() - 60_000)]),
  );
  if (options.wait) await clearResults(ctx, pipeline.bucket, expected.map((entry) => entry.resultKey));

  const sent: Record<string, string> = {};
  const sentAt = ctx.clock.now();
  for (const consumer of options.consumers) {
    const queue = pipeline.config.consumers[consumer].queue;
    try {
      const { MessageId } = await ctx.clients.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.queues[consumer].queueUrl, MessageBody: body }), {
        abortSignal: ctx.signal,
      });
      sent[consumer] = MessageId ?? "";
      ctx.events.emit({ type: "data", topic: "sent", message: `sent message ${id} to ${queue} (SQS message id ${MessageId})`, data: { consumer, queue, id, messageId: MessageId } });
    } catch (error) {
      if (isAwsError(error, "InvalidMessageContents", "InvalidParameterValue")) {
        throw new UsageError(`${queue} refused the message: ${(error as Error).message}`, { cause: error });
      }
      throw error;
    }
  }
  const data: Record<string, unknown> = { id, body, sqsMessageIds: sent };
  const contents = describeBody(body);
  if (contents.kind === "message" && contents.poison) {
    const dlqListCommand = edaCommand(ctx, "dlq list");
    const followed = await followPoisonedMessage(ctx, pipeline, { id, consumers: options.consumers, sentAt, wait: options.wait, timeoutMs: options.timeoutMs, dlqListCommand });
    return { ...followed, data: { ...data, ...followed.data } };
  }
  if (!options.wait) return { ok: true, summary: `sent message ${id} to ${options.consumers.join(" and ")}`, data };

  const results: Record<string, unknown> = {};
  const failed: string[] = [];
  const tracing = awaitTraces(
    ctx,
    followers,
    [...followers.keys()].map((consumer) => ({ consumer, subject: sent[consumer]! })),
    {
      timeoutMs: options.timeoutMs ?? SEND_DEFAULT_TIMEOUT_MS,
      onTrace: ({ consumer }, line, record) => {
        ctx.events.emit({ type: "data", topic: "result", message: `${consumer.padEnd(9)} ${tracedRecordText(line, record)}`, data: { consumer, record } });
        results[consumer] = { record, ...(line.error ? { error: line.error } : {}) };
        if (record.outcome !== "ok") failed.push(consumer);
      },
    },
  );
  const outcome = await awaitResults(ctx, pipeline.bucket, expected, {
    timeoutMs: options.timeoutMs ?? SEND_DEFAULT_TIMEOUT_MS,
    onResult: ({ consumer, resultKey }, read) => {
      const message = "result" in read ? resultText(read.result) : `unreadable result ${resultKey}: ${read.unreadable}`;
      ctx.events.emit({ type: "data", topic: "result", message: `${consumer.padEnd(9)} ${message}`, data: { consumer, resultKey, ...read } });
      results[consumer] = "result" in read ? read.result : { unreadable: read.unreadable };
    },
  });
  const tracedOutcome = await tracing;
  if (outcome.interrupted || tracedOutcome.interrupted) throw ctx.signal.reason;
  data.results = results;
  if (failed.length > 0) {
    return { ok: false, summary: `message ${id} failed in ${failed.join(" and ")} (it is retried until it reaches the DLQ: see eda logs and eda dlq list)`, data };
  }
  const missing = [...outcome.missing, ...tracedOutcome.missing].map((entry) => entry.consumer);
  if (missing.length === 0) return { ok: true, summary: `message ${id} processed by ${options.consumers.join(" and ")}`, data };
  data.missing = missing;
  return {
    ok: false,
    summary: `no result from ${missing.join(" or ")} for message ${id} within ${formatMs(options.timeoutMs ?? SEND_DEFAULT_TIMEOUT_MS)} (a poisoned or failing message is retried until it reaches the DLQ: see ${edaCommand(ctx, "logs")} and ${edaCommand(ctx, "dlq list")})`,
    data,
  };
}
