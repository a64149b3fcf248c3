/**
 * `eda tail`: follows what the consumers process. eda's built-in consumers
 * write results: their prefixes are listed once to learn what already
 * exists, then listed again every poll; keys that are new (or rewritten,
 * with a new ETag) are read and shown. A project consumer is followed
 * through its tracing shim's lines (FilterLogEvents), one line per record
 * with its outcome. Oldest first; stops after `count` lines, after
 * `duration`, or on Ctrl-C (a normal end for a follow command).
 */
import type { TraceLine, TraceRecord } from "../../function-shim/trace-format.js";
import type { CoreContext } from "../context.js";
import { RESULTS_PREFIX, type Consumer } from "../stack/config.js";
import { forEachBounded, withRequestRoom } from "../bounded.js";
import { openPipeline } from "../stack/deployed-pipeline.js";
import { resultText, tracedRecordText } from "./result-lines.js";
import { listPrefix, readResultObject, type BucketAccess } from "./results.js";
import { TraceFollower } from "./traces.js";
import type { ReadResult } from "../test/verification.js";
import { counted } from "../wording.js";

const POLL_INTERVAL_MS = 1000;
const READ_CONCURRENCY = 8;

export interface TailOptions {
  consumers: Consumer[];
  /** Stop after this many results. */
  count?: number;
  /** Stop after this long. */
  durationMs?: number;
}

export interface TailResult {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

type Arrival = { consumer: Consumer; resultKey: string; read: ReadResult } | { consumer: Consumer; line: TraceLine; record: TraceRecord };

export async function tail(commandContext: CoreContext, options: TailOptions): Promise<TailResult> {
  const ctx = withRequestRoom(commandContext, READ_CONCURRENCY);
  const pipeline = await openPipeline(ctx);
  const { bucket } = pipeline;
  const startedAt = ctx.clock.now();
  const seen = new Map<string, string>();
  const traced = new Map<Consumer, TraceFollower>();
  for (const consumer of options.consumers) {
    if (pipeline.config.consumerSpecs[consumer]?.code.kind === "project") {
      traced.set(consumer, new TraceFollower(ctx.clients.logs, pipeline.config.consumers[consumer].logGroup, startedAt));
    } else {
      await listNew(ctx, bucket, consumer, seen);
    }
  }
  const where = [
    options.consumers.some((consumer) => !traced.has(consumer)) ? `results in s3://${bucket.bucket}/${RESULTS_PREFIX}` : "",
    traced.size > 0 ? "traced records in the consumers' logs" : "",
  ].filter(Boolean);
  ctx.events.emit({
    type: "info",
    message: `following new ${where.join(" and ")} from ${listText(options.consumers)}${stopText(options)}`,
  });
  const width = Math.max(9, ...options.consumers.map((consumer) => consumer.length));

  let shown = 0;
  const done = () => ctx.signal.aborted || (options.count !== undefined && shown >= options.count) || (options.durationMs !== undefined && ctx.clock.now() - startedAt >= options.durationMs);
  while (!done()) {
    const wait = options.durationMs === undefined ? POLL_INTERVAL_MS : Math.min(POLL_INTERVAL_MS, startedAt + options.durationMs - ctx.clock.now());
    try {
      await ctx.clock.sleep(Math.max(0, wait), ctx.signal);
      const arrivals: Arrival[] = [];
      for (const consumer of options.consumers) {
        const follower = traced.get(consumer);
        if (follower) {
          for (const { line } of await follower.poll({ signal: ctx.signal })) {
            for (const record of line.records) if (record.kind !== "s3-test-event") arrivals.push({ consumer, line, record });
          }
          continue;
        }
        const keys = await listNew(ctx, bucket, consumer, seen);
        await forEachBounded(
          keys,
          READ_CONCURRENCY,
          async (resultKey) => {
            const read = await readResultObject(bucket, resultKey, ctx.signal);
            if (read) arrivals.push({ consumer, resultKey, read });
          },
          ctx.signal,
        );
      }
      for (const arrival of arrivals.sort(byFinishTime)) {
        if (options.count !== undefined && shown >= options.count) break;
        show(ctx, arrival, width);
        shown += 1;
      }
    } catch (error) {
      if (ctx.signal.aborted) break;
      throw error;
    }
  }
  return { ok: true, summary: `${shown} new ${shown === 1 ? "result" : "results"} in ${((ctx.clock.now() - startedAt) / 1000).toFixed(1)}s`, data: { bucket: bucket.bucket, results: shown } };
}

/** Keys under the consumer's results prefix that are new or rewritten since the last listing. */
async function listNew(ctx: CoreContext, bucket: BucketAccess, consumer: Consumer, seen: Map<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for await (const page of listPrefix(bucket, `${RESULTS_PREFIX}${consumer}/`, ctx.signal)) {
    for (const object of page) {
      if (seen.get(object.key) === object.eTag) continue;
      seen.set(object.key, object.eTag);
      changed.push(object.key);
    }
  }
  return changed;
}

function show(ctx: CoreContext, arrival: Arrival, width: number): void {
  const { consumer } = arrival;
  if ("record" in arrival) {
    ctx.events.emit({
      type: "data",
      topic: "record",
      message: `${consumer.padEnd(width)} ${tracedRecordText(arrival.line, arrival.record)}`,
      data: { consumer, record: arrival.record, start: arrival.line.start, end: arrival.line.end, ...(arrival.line.error ? { error: arrival.line.error } : {}) },
    });
    return;
  }
  const { resultKey, read } = arrival;
  const text = "result" in read ? resultText(read.result) : `${resultKey}: unreadable result (${read.unreadable})`;
  ctx.events.emit({
    type: "data",
    topic: "result",
    message: `${consumer.padEnd(width)} ${text}`,
    data: { consumer, resultKey, ...("result" in read ? { result: read.result } : { unreadable: read.unreadable }) },
  });
}

function byFinishTime(a: Arrival, b: Arrival): number {
  const end = (arrival: Arrival) => ("record" in arrival ? arrival.line.end : "result" in arrival.read ? arrival.read.result.hops.handlerEnd : Number.MAX_SAFE_INTEGER);
  return end(a) - end(b);
}

/** "a", "a and b", "a, b and c" */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function stopText(options: TailOptions): string {
  const limits = [
    options.count !== undefined ? counted(options.count, "result") : "",
    options.durationMs !== undefined ? `${(options.durationMs / 1000).toFixed(0)}s` : "",
  ].filter(Boolean);
  return limits.length > 0 ? ` (stops after ${limits.join(" or ")}, or Ctrl-C)` : " (Ctrl-C to stop)";
}
