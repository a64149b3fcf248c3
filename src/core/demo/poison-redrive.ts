/**
 * The end of the poison story `eda demo` tells: the poisoned objects sitting
 * in the DLQs get their marker removed (the object rewritten in place
 * without the `eda-poison` metadata, as handlers/shared/poison.ts defines
 * it), the DLQs are redriven, and the consumers, which always read the
 * current object, now process them: results appear and every queue drains.
 */
import { CopyObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { POISON_METADATA_NAME } from "../../../handlers/shared/poison.js";
import { objectResultKey } from "../../../handlers/shared/result.js";
import type { CoreContext } from "../context.js";
import { consumersOf, RESULTS_PREFIX } from "../stack/config.js";
import { awaitResults } from "../observe/await-results.js";
import { objectKeysOf, peekQueue, queueDepth } from "../observe/dead-letter-peek.js";
import { redriveDeadLetters } from "../observe/dlq.js";
import { openPipeline, type Pipeline } from "../stack/deployed-pipeline.js";
import { formatMs } from "../test/test-summary.js";

const MAX_DEAD_LETTERS_EXAMINED = 100;
const DRAIN_POLL_MS = 250;

export interface PoisonRedriveResult {
  ok: boolean;
  summary: string;
  lines: string[];
}

export async function cureAndRedrive(ctx: CoreContext, options: { timeoutMs: number }): Promise<PoisonRedriveResult> {
  const pipeline = await openPipeline(ctx, { mappings: true });
  const consumers = consumersOf(pipeline.config);
  const lines: string[] = [];
  const keys = new Set<string>();
  for (const consumer of consumers) {
    const { messages } = await peekQueue(ctx.clients.sqs, pipeline.queues[consumer].deadLetterQueueUrl, { max: MAX_DEAD_LETTERS_EXAMINED, signal: ctx.signal });
    for (const message of messages) for (const key of objectKeysOf(message.contents)) keys.add(key);
  }
  if (keys.size === 0) return { ok: false, summary: "no poisoned object in the DLQs to redrive", lines };

  for (const key of keys) {
    await removePoisonMarker(ctx, pipeline, key);
    ctx.events.emit({ type: "info", message: `removed the ${POISON_METADATA_NAME} marker from ${key} (rewrote the object without x-amz-meta-${POISON_METADATA_NAME})` });
  }
  const redrive = await redriveDeadLetters(ctx, consumers);
  lines.push(...redrive.lines);
  if (!redrive.ok) return { ok: false, summary: redrive.summary, lines };

  const startedAt = ctx.clock.now();
  const expected = [...keys].flatMap((key) => consumers.map((consumer) => ({ consumer, key, resultKey: objectResultKey(`${RESULTS_PREFIX}${consumer}/`, key) })));
  const outcome = await awaitResults(ctx, pipeline.bucket, expected, {
    timeoutMs: options.timeoutMs,
    onResult: ({ consumer, key }) => lines.push(`${consumer} processed ${key}`),
  });
  if (outcome.interrupted) throw ctx.signal.reason;
  if (outcome.missing.length > 0) {
    const missing = outcome.missing.map((entry) => `${entry.consumer} ${entry.key}`).join(", ");
    return { ok: false, summary: `no result after the redrive within ${formatMs(options.timeoutMs)}: ${missing}`, lines };
  }
  const drained = await awaitDrained(ctx, pipeline, startedAt + options.timeoutMs);
  if (!drained) return { ok: false, summary: "the consumers processed the objects but a queue or DLQ still holds messages", lines };
  const count = keys.size === 1 ? "the poisoned object" : `the ${keys.size} poisoned objects`;
  return { ok: true, summary: `${count} left the DLQs and, without the marker, went through every consumer; every queue is empty`, lines };
}

/** Rewrites the object onto itself with the same content type and metadata, less the marker. */
async function removePoisonMarker(ctx: CoreContext, pipeline: Pipeline, key: string): Promise<void> {
  const { bucket, owner } = pipeline.bucket;
  const head = await ctx.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: owner }), { abortSignal: ctx.signal });
  const metadata = Object.fromEntries(Object.entries(head.Metadata ?? {}).filter(([name]) => name !== POISON_METADATA_NAME));
  await ctx.clients.s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: key,
      CopySource: `${bucket}/${encodeURIComponent(key)}`,
      MetadataDirective: "REPLACE",
      Metadata: metadata,
      ...(head.ContentType ? { ContentType: head.ContentType } : {}),
      ExpectedBucketOwner: owner,
    }),
    { abortSignal: ctx.signal },
  );
}

/** Every source queue and DLQ empty (nothing visible, nothing in flight), or false at the deadline. */
async function awaitDrained(ctx: CoreContext, pipeline: Pipeline, deadline: number): Promise<boolean> {
  const urls = consumersOf(pipeline.config).flatMap((consumer) => [pipeline.queues[consumer].queueUrl, pipeline.queues[consumer].deadLetterQueueUrl]);
  for (;;) {
    const depths = await Promise.all(urls.map((url) => queueDepth(ctx.clients.sqs, url, ctx.signal)));
    if (depths.every((depth) => depth.visible === 0 && depth.inFlight === 0)) return true;
    if (ctx.clock.now() >= deadline) return false;
    await ctx.clock.sleep(DRAIN_POLL_MS, ctx.signal);
  }
}
