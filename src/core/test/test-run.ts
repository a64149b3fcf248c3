/**
 * `eda test`: uploads generated objects under a fresh run id, watches until
 * every consumer has processed each object its filter matches (and every
 * poisoned object sits in the DLQs), verifies, and reports where the time
 * went. eda's built-in consumers are proven by their result objects, found
 * by listing the run's results prefixes (pages of 1000 keys) and reading
 * new keys (all, or a --sample) with bounded concurrency; project consumers
 * by the trace lines their shim writes, read with FilterLogEvents. Either
 * way the cost of a poll grows with pages and batches, not with one
 * request per object.
 */
import { randomBytes } from "node:crypto";
import { defaultMaxListeners, setMaxListeners } from "node:events";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { POISON_METADATA_NAME } from "../../../handlers/shared/poison.js";
import type { CoreContext } from "../context.js";
import type { TestProgressData } from "../events.js";
import { UsageError } from "../errors.js";
import { failureText } from "../aws-errors.js";
import { consumersOf, RESULTS_PREFIX, UPLOADS_PREFIX, type Consumer } from "../stack/config.js";
import { counted } from "../wording.js";
import { forEachBounded, withRequestRoom } from "../bounded.js";
import { deadLetterEta, deadLetterEtaLines } from "../observe/dead-letter-eta.js";
import { objectKeysOf, peekQueue, queueDepth, queueRedrive, type QueueDepth } from "../observe/dead-letter-peek.js";
import { consumerLatency, summarise, throughput, type ConsumerLatency, type LatencySample } from "./latency.js";
import { formatBytes } from "../command-options.js";
import { openPipeline, type Pipeline } from "../stack/deployed-pipeline.js";
import { listPrefix, readResultObject, ResultFolder } from "../observe/results.js";
import { KEY_SHAPE_COUNT, keyTargets, newRunId, planTestObjects, poisonedIndexes, runUploadsPrefix, testObjectContent, testObjectStream, type KeyTarget, type TestObject } from "./test-objects.js";
import { consumersText, formatMs, problemCounts, problemCountsText, summaryLines } from "./test-summary.js";
import { TraceFollower } from "../observe/traces.js";
import { provenConsumer, TestRunLedger } from "./verification.js";

export const TEST_DEFAULTS = {
  /** One object of each key shape. */
  count: KEY_SHAPE_COUNT,
  size: 1024,
  concurrency: 16,
  /** Waiting for results after the last upload. */
  timeoutMs: 120_000,
} as const;

/** Results are read with this many GetObject calls in flight (the SDK's pool has 50 sockets, shared with uploads). */
const READ_CONCURRENCY = 16;
const POLL_INTERVAL_MS = 250;
const MAX_POLL_INTERVAL_MS = 2000;
/** At most this many missing results are read directly instead of listing the prefix. */
const DIRECT_READ_LIMIT = 20;
const PROGRESS_INTERVAL_MS = 1000;
/** Live per-hop medians cover at most this many of a consumer's latest results (sorting every result each second would not scale). */
const LIVE_LATENCY_WINDOW = 1000;
/** A DLQ look never holds more than this many messages at once. */
const MAX_DEAD_LETTERS_EXAMINED = 10_000;
/** Generated objects in memory at once stay below this, whatever --size and --concurrency say. */
const MAX_BYTES_IN_FLIGHT = 512 * 1024 ** 2;
/** Objects larger than this are generated as a stream while they upload, a chunk at a time. */
export const IN_MEMORY_OBJECT_LIMIT = 64 * 1024 ** 2;
/** Streamed uploads in flight at once. */
const STREAMED_CONCURRENCY = 4;
/** Trace lines are read from this long before the run started: the function's clock may be a little behind this machine's. */
const TRACE_CLOCK_MARGIN_MS = 60_000;

export interface TestRunOptions {
  /** Default: TEST_DEFAULTS.count, or one object per key target when the consumers' filters need more. */
  count?: number;
  size: number;
  concurrency: number;
  /** Default: TEST_DEFAULTS.timeoutMs, or long enough for poisoned messages to reach the DLQs. */
  timeoutMs?: number;
  poison: number;
  /** Read only this many built-in results in full (spread over the run); the others need only exist. Default: all. */
  sample?: number;
  /** Objects above this size are streamed (default IN_MEMORY_OBJECT_LIMIT). */
  inMemoryLimit?: number;
}

export interface TestRunResult {
  ok: boolean;
  summary: string;
  lines: string[];
  data: Record<string, unknown>;
}

export async function testRun(commandContext: CoreContext, options: TestRunOptions): Promise<TestRunResult> {
  const ctx = withRequestRoom(commandContext, options.concurrency + 2 * READ_CONCURRENCY + 8);
  const targets = keyTargets(ctx.consumers.map((consumer) => consumer.filter));
  const count = options.count ?? Math.max(TEST_DEFAULTS.count, targets.length);
  if (count < targets.length) {
    throw new UsageError(
      `invalid --count ${count}: the consumers' filters need at least ${targets.length} objects so that each filter matches one (leave --count out for ${Math.max(TEST_DEFAULTS.count, targets.length)})`,
    );
  }
  if (options.poison > count) {
    throw new UsageError(`invalid --poison ${options.poison}: it cannot exceed --count ${count}`);
  }
  const pipeline = await openPipeline(ctx, { mappings: true });
  const timeoutMs = await chooseTimeout(ctx, pipeline, options);
  const runId = newRunId(ctx.clock.now(), randomBytes(3).toString("hex"));
  const objects = planTestObjects(runId, count, options.size, options.poison, targets);
  const run = new TestRunner(ctx, pipeline, runId, objects, targets, { ...options, count }, timeoutMs);
  return run.execute();
}

/** A poisoned message reaches the DLQs about maxReceiveCount x the visibility timeout after it was sent (dead-letter-eta.ts). */
async function chooseTimeout(ctx: CoreContext, pipeline: Pipeline, options: TestRunOptions): Promise<number> {
  if (options.poison === 0) return options.timeoutMs ?? TEST_DEFAULTS.timeoutMs;
  const queues = await Promise.all(consumersOf(pipeline.config).map((consumer) => queueRedrive(ctx.clients.sqs, pipeline.queues[consumer].queueUrl, ctx.signal)));
  const eta = deadLetterEta(queues, ctx.clock.now(), ctx.target.timeScale);
  const needed = eta.afterMs + 30_000;
  const [expectation, advice] = deadLetterEtaLines(eta, { local: ctx.target.local, timeScale: ctx.target.timeScale ?? 1 });
  const timeoutMs = options.timeoutMs ?? Math.max(TEST_DEFAULTS.timeoutMs, needed);
  ctx.events.emit({ type: "info", message: `poisoned objects: ${expectation}; waiting up to ${formatMs(timeoutMs)}` });
  if (advice) ctx.events.emit({ type: "info", message: advice });
  if (timeoutMs < needed) {
    ctx.events.emit({ type: "warning", message: `--timeout ${formatMs(timeoutMs)} is shorter than the poisoned objects need to reach the DLQs` });
  }
  return timeoutMs;
}

class TestRunner {
  private readonly ledger: TestRunLedger;
  private readonly consumers: readonly Consumer[];
  private readonly tracers = new Map<Consumer, TraceFollower>();
  private uploadsDone = false;
  private uploadsEndedAt = 0;
  private readonly deadLetterDepth = new Map<Consumer, number>();
  private lastProgressAt = 0;
  private lastProgressText = "";
  private readonly queueDepths = new Map<Consumer, QueueDepth>();
  private queuesSampledAt = -Infinity;
  private readonly folders = new Map<Consumer, ResultFolder[]>();
  /** How long the last poll spent listing (the slower consumer). */
  private listingMs = 0;
  private readonly startedAt: number;

  constructor(
    private readonly ctx: CoreContext,
    private readonly pipeline: Pipeline,
    private readonly runId: string,
    private readonly objects: TestObject[],
    private readonly targets: readonly KeyTarget[],
    private readonly options: TestRunOptions & { count: number },
    private readonly timeoutMs: number,
  ) {
    this.consumers = consumersOf(pipeline.config);
    const sample = options.sample === undefined ? undefined : new Set([...poisonedIndexes(objects.length, Math.min(options.sample, objects.length))].map((index) => objects[index]!.key));
    this.ledger = new TestRunLedger(
      this.consumers.map((consumer) => provenConsumer(pipeline.config.consumerSpecs[consumer]!)),
      objects.map((object) => object.key),
      { runId, ...(sample ? { sample } : {}) },
    );
    this.startedAt = ctx.clock.now();
    for (const consumer of this.consumers) {
      if (this.ledger.proofOf(consumer) !== "traces") continue;
      this.tracers.set(consumer, new TraceFollower(ctx.clients.logs, pipeline.config.consumers[consumer].logGroup, this.startedAt - TRACE_CLOCK_MARGIN_MS));
    }
  }

  async execute(): Promise<TestRunResult> {
    const { ctx, pipeline, options } = this;
    ctx.events.emit({
      type: "info",
      message:
        `run ${this.runId}: uploading ${counted(options.count, "object")} of ${formatBytes(options.size)} to s3://${pipeline.bucket.bucket}/${[...new Set(this.targets.map((target) => runUploadsPrefix(this.runId, target)))].join(", ")}` +
        `${options.poison > 0 ? `, ${options.poison} of them poisoned` : ""}`,
    });
    // Uploads stop on Ctrl-C, and when watching fails.
    const stopUploads = new AbortController();
    const uploadSignal = AbortSignal.any([ctx.signal, stopUploads.signal]);
    setMaxListeners(4 * options.concurrency + defaultMaxListeners, uploadSignal);
    const uploads = this.uploadAll(uploadSignal).finally(() => {
      this.uploadsDone = true;
      this.uploadsEndedAt = ctx.clock.now();
    });
    let outcome: "complete" | "timed-out" | "interrupted";
    try {
      outcome = await this.watch();
    } catch (error) {
      stopUploads.abort(error);
      throw error;
    } finally {
      await uploads;
    }
    if (outcome !== "interrupted") {
      await Promise.all(this.consumers.map((consumer) => this.collect(consumer, true)));
      await this.checkDeadLetters(true);
    }
    this.reportProgress(true);
    return this.finish(outcome);
  }

  private async uploadAll(signal: AbortSignal): Promise<void> {
    const { ctx, pipeline, options } = this;
    const streamed = options.size > (options.inMemoryLimit ?? IN_MEMORY_OBJECT_LIMIT);
    const concurrency = streamed
      ? Math.min(options.concurrency, STREAMED_CONCURRENCY)
      : Math.max(1, Math.min(options.concurrency, Math.floor(MAX_BYTES_IN_FLIGHT / Math.max(1, options.size))));
    await forEachBounded(
      this.objects,
      concurrency,
      async (object) => {
        const content = streamed ? testObjectStream(this.runId, object) : testObjectContent(this.runId, object);
        const uploadStartedAt = ctx.clock.now();
        try {
          await ctx.clients.s3.send(
            new PutObjectCommand({
              Bucket: pipeline.bucket.bucket,
              Key: object.key,
              Body: content.body,
              ContentLength: object.size,
              ContentType: "text/plain; charset=utf-8",
              ExpectedBucketOwner: pipeline.bucket.owner,
              ...(object.poisoned ? { Metadata: { [POISON_METADATA_NAME]: "1" } } : {}),
            }),
            { abortSignal: signal },
          );
          const sha256 = typeof content.sha256 === "string" ? content.sha256 : content.sha256();
          this.ledger.recordUpload({ key: object.key, size: object.size, sha256, poisoned: object.poisoned, uploadStartedAt, uploadEndedAt: ctx.clock.now() });
        } catch (error) {
          if (!signal.aborted) this.ledger.recordUploadFailure(object.key, failureText(error));
        }
        this.reportProgress(false);
      },
      signal,
    );
  }

  /** Polls until everything is proven, the timeout passes after the last upload, or Ctrl-C. */
  private async watch(): Promise<"complete" | "timed-out" | "interrupted"> {
    const { ctx } = this;
    for (;;) {
      if (ctx.signal.aborted) return "interrupted";
      try {
        await this.poll();
      } catch (error) {
        if (ctx.signal.aborted) return "interrupted";
        throw error;
      }
      this.reportProgress(false);
      if (this.uploadsDone && this.ledger.isComplete()) return "complete";
      if (this.uploadsDone && ctx.clock.now() - this.uploadsEndedAt >= this.timeoutMs) return "timed-out";
      // Listing a large run takes many pages: keep listing to about a quarter of the time, the pipeline needs the rest.
      const pause = Math.min(MAX_POLL_INTERVAL_MS, Math.max(POLL_INTERVAL_MS, 3 * this.listingMs));
      this.listingMs = 0;
      try {
        await ctx.clock.sleep(pause, ctx.signal);
      } catch {
        return "interrupted";
      }
    }
  }

  private async poll(): Promise<void> {
    await Promise.all([...this.consumers.map((consumer) => this.collect(consumer, false)), this.sampleQueues()]);
    // A project consumer that fails sends healthy objects to its DLQ too.
    if (this.options.poison > 0 || this.ledger.anyFailures()) await this.checkDeadLetters(false);
  }

  private collect(consumer: Consumer, final: boolean): Promise<void> {
    return this.ledger.proofOf(consumer) === "traces" ? this.collectTraces(consumer, final) : this.collectResults(consumer, final);
  }

  /** A project consumer's new trace lines; the final collection reads them all again from the start of the run. */
  private async collectTraces(consumer: Consumer, final: boolean): Promise<void> {
    const listingStartedAt = this.ctx.clock.now();
    const events = await this.tracers.get(consumer)!.poll({ full: final, ...(final ? {} : { signal: this.ctx.signal }) });
    for (const event of events) this.ledger.recordTrace(consumer, event.line);
    this.listingMs = Math.max(this.listingMs, this.ctx.clock.now() - listingStartedAt);
  }

  /** The consumers' queue depths (the SQS hop, live), at most once a second. */
  private async sampleQueues(): Promise<void> {
    const { ctx, pipeline } = this;
    if (ctx.clock.now() - this.queuesSampledAt < PROGRESS_INTERVAL_MS) return;
    this.queuesSampledAt = ctx.clock.now();
    await Promise.all(
      this.consumers.map(async (consumer) => this.queueDepths.set(consumer, await queueDepth(ctx.clients.sqs, pipeline.queues[consumer].queueUrl, ctx.signal))),
    );
  }

  /**
   * Reads one consumer's new results. Usually by listing the run's results
   * prefix; once uploads are done and only a few results are missing, by
   * reading those keys directly (cheaper than listing every page again).
   * A consumer with all its results is left alone until the final listing,
   * which also catches results that should not exist.
   */
  private async collectResults(consumer: Consumer, final: boolean): Promise<void> {
    const { ctx, pipeline } = this;
    const outstanding = this.uploadsDone ? this.ledger.outstandingResultKeys(consumer) : undefined;
    if (!final && outstanding?.length === 0) return;
    const signal = final ? undefined : ctx.signal;
    let toRead: string[];
    if (!final && outstanding && outstanding.length <= DIRECT_READ_LIMIT) {
      toRead = outstanding;
    } else {
      toRead = [];
      const listingStartedAt = ctx.clock.now();
      // While watching, each folder is listed from its first unsettled key on; the final listing reads every key again.
      const listings = final
        ? this.resultPrefixes(consumer).map((prefix) => ({ prefix, startAfter: undefined }))
        : this.resultFolders(consumer).flatMap((folder) => folder.unsettledListing((key) => this.ledger.settled(consumer, key)));
      for (const { prefix, startAfter } of listings) {
        for await (const page of listPrefix(pipeline.bucket, prefix, signal, startAfter)) {
          for (const listed of page) {
            this.ledger.recordListedKey(consumer, listed.key);
            if (this.ledger.wants(consumer, listed.key)) toRead.push(listed.key);
          }
        }
      }
      this.listingMs = Math.max(this.listingMs, ctx.clock.now() - listingStartedAt);
    }
    await forEachBounded(
      toRead,
      READ_CONCURRENCY,
      async (key) => {
        const read = await readResultObject(pipeline.bucket, key, signal);
        if (read) this.ledger.recordResult(consumer, key, read);
      },
      signal,
    );
  }

  /** The folders of a built-in consumer's expected result keys, made once. */
  private resultFolders(consumer: Consumer): ResultFolder[] {
    let folders = this.folders.get(consumer);
    if (!folders) {
      const keys = this.objects.filter((object) => this.ledger.expects(consumer, object.key)).map((object) => TestRunLedger.resultKeyFor(consumer, object.key));
      folders = ResultFolder.group(keys);
      this.folders.set(consumer, folders);
    }
    return folders;
  }

  /** Where a built-in consumer writes the results of this run's objects: one prefix per key target. */
  private resultPrefixes(consumer: Consumer): string[] {
    return [...new Set(this.targets.map((target) => `${RESULTS_PREFIX}${consumer}/${runUploadsPrefix(this.runId, target).slice(UPLOADS_PREFIX.length)}`))];
  }

  /**
   * Which of this run's objects each DLQ holds. A DLQ is examined only when
   * its depth changed (or once at the end), and only looked at: every
   * message received is made visible again at once.
   */
  private async checkDeadLetters(final: boolean): Promise<void> {
    const { ctx, pipeline } = this;
    const signal = final ? undefined : ctx.signal;
    await Promise.all(
      this.consumers.map(async (consumer) => {
        const url = pipeline.queues[consumer].deadLetterQueueUrl;
        const depth = await queueDepth(ctx.clients.sqs, url, signal);
        const total = depth.visible + depth.inFlight;
        if (this.deadLetterDepth.get(consumer) === total && !(final && total > 0)) return;
        this.deadLetterDepth.set(consumer, total);
        const counts = new Map<string, number>();
        if (total > 0) {
          const { messages } = await peekQueue(ctx.clients.sqs, url, { max: MAX_DEAD_LETTERS_EXAMINED, signal });
          for (const message of messages) {
            for (const key of objectKeysOf(message.contents)) {
              if (key.includes(`${this.runId}/`)) counts.set(key, (counts.get(key) ?? 0) + 1);
            }
          }
        }
        this.ledger.recordDeadLetters(consumer, counts);
      }),
    );
  }

  /** A "data" event with how far the objects got when that changed, at most once a second (and at the end). */
  private reportProgress(force: boolean): void {
    const now = this.ctx.clock.now();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    const progress = this.ledger.progress();
    const parts = [`uploaded ${progress.uploaded}/${progress.planned}${progress.uploadFailed > 0 ? ` (${progress.uploadFailed} failed)` : ""}`];
    for (const consumer of this.consumers) {
      const figures = progress.consumers[consumer]!;
      const depth = this.queueDepths.get(consumer);
      const queued = depth ? `${depth.visible + depth.inFlight} in queue, ` : "";
      parts.push(`${consumer}: ${queued}${counted(figures.results, "result")}${this.options.poison > 0 ? `, ${figures.deadLettered} in DLQ` : ""}`);
    }
    const message = parts.join(" | ");
    if (message === this.lastProgressText) return;
    this.lastProgressAt = now;
    this.lastProgressText = message;
    const data: TestProgressData = {
      runId: this.runId,
      elapsedMs: now - this.startedAt,
      ...progress,
      poison: this.options.poison,
      queues: Object.fromEntries(this.queueDepths),
      hopP50: Object.fromEntries(this.consumers.map((consumer) => [consumer, recentHopP50(this.ledger.latencySamples(consumer))])),
    };
    this.ctx.events.emit({ type: "data", topic: "progress", message, data: { ...data } });
  }

  private finish(outcome: "complete" | "timed-out" | "interrupted"): TestRunResult {
    const { ctx, ledger, options } = this;
    const latency: Record<string, ConsumerLatency> = {};
    for (const consumer of this.consumers) latency[consumer] = consumerLatency(ledger.latencySamples(consumer));
    const processed = ledger.fullyProcessed();
    const uploaded = ledger.uploadedObjects();
    const endToEnd = summarise(processed.map((object) => object.finishedAt - object.uploadStartedAt));
    const firstUpload = Math.min(...uploaded.map((object) => object.uploadStartedAt));
    const processedThroughput = throughput(processed.length, firstUpload, Math.max(...processed.map((object) => object.finishedAt)));
    const uploadThroughput = throughput(uploaded.length, firstUpload, Math.max(...uploaded.map((object) => object.uploadEndedAt)));
    const problems = ledger.problems();
    const lines = summaryLines({
      consumers: this.consumers,
      latency,
      problems,
      filtered: this.targets.length > 1,
      ...(endToEnd ? { endToEnd } : {}),
      ...(processedThroughput ? { processed: processedThroughput } : {}),
      ...(uploadThroughput ? { uploads: uploadThroughput } : {}),
    });
    const poisoned = ledger.poisonedCount();
    const ok = outcome === "complete" && problems.length === 0;
    const everyConsumer = consumersText(this.consumers.length, this.targets.length > 1);
    const progress = ledger.progress();
    const data = {
      runId: this.runId,
      bucket: this.pipeline.bucket.bucket,
      prefix: runUploadsPrefix(this.runId),
      prefixes: [...new Set(this.targets.map((target) => runUploadsPrefix(this.runId, target)))],
      outcome,
      passed: ok,
      count: options.count,
      size: options.size,
      poison: options.poison,
      uploaded: progress.uploaded,
      uploadFailed: progress.uploadFailed,
      processed: processed.length,
      consumers: Object.fromEntries(this.consumers.map((consumer) => [consumer, { ...progress.consumers[consumer], latency: latency[consumer] }])),
      ...(endToEnd ? { endToEnd } : {}),
      ...(processedThroughput ? { throughput: processedThroughput } : {}),
      ...(uploadThroughput ? { uploadThroughput } : {}),
      problemCounts: problemCounts(problems),
      problems: problems.slice(0, 100),
      durationMs: ctx.clock.now() - this.startedAt,
    };
    const healthy = options.count - options.poison;
    if (ok) {
      const builtinOnly = this.consumers.every((consumer) => this.ledger.proofOf(consumer) === "results");
      const dlqs = this.consumers.length === 2 ? "both DLQs" : "the DLQs";
      const dlqText = poisoned > 0 ? (poisoned === 1 ? `; the poisoned object is in ${dlqs} and nothing else is` : `; all ${poisoned} poisoned objects are in ${dlqs} and nothing else is`) : "; nothing in the DLQs";
      const how = builtinOnly ? " with the right content" : ", each processed successfully exactly once";
      return {
        ok,
        lines,
        data,
        summary: `PASS: run ${this.runId}: ${counted(healthy, "object")} went through every hop to ${everyConsumer}${how}${dlqText}`,
      };
    }
    const why =
      outcome === "interrupted"
        ? "interrupted before every object was proven"
        : outcome === "timed-out"
          ? `timed out ${formatMs(this.timeoutMs)} after the last upload with ${counted(problems.length, "problem")} (${problemCountsText(problems)})`
          : `${counted(problems.length, "problem")} (${problemCountsText(problems)})`;
    return { ok, lines, data, summary: `FAIL: run ${this.runId}: ${why}` };
  }
}

/** Each hop's median over the latest samples, for the live view. */
function recentHopP50(samples: readonly LatencySample[]): Record<string, number> {
  const { hops } = consumerLatency(samples.slice(-LIVE_LATENCY_WINDOW));
  return Object.fromEntries(Object.entries(hops).map(([hop, stats]) => [hop, stats.p50]));
}
