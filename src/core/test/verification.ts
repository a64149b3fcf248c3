/**
 * The bookkeeping of one `eda test` run and the verdict on it. Pure: the
 * run feeds in what it uploaded, the results and trace lines it read and
 * what it saw in the dead-letter queues; the ledger answers whether every
 * hop was proven, what is still outstanding, and every problem in one line
 * each.
 *
 * A consumer is expected to process exactly the uploaded objects its filter
 * matches. eda's built-in pair is proven by its result objects: one per
 * object (result keys derive from object keys) with the right content
 * (inventory: size and SHA-256 computed at upload; both: the decoded key).
 * A project consumer is proven by the trace lines its shim wrote: every
 * expected object processed successfully exactly once, none of the others
 * received at all, and each failure named with its error. Nothing of the
 * run may be in a DLQ unless it was poisoned; a poisoned object is in each
 * built-in consumer's DLQ exactly once and has no result (a project
 * consumer may process it, or refuse it into its DLQ).
 */
import { objectResultKey, RESULT_SCHEMA, type EdaResult, type ResultHops } from "../../../handlers/shared/result.js";
import type { TraceError, TraceLine } from "../../function-shim/trace-format.js";
import { UPLOADS_PREFIX, type Consumer, type ConsumerSpec } from "../stack/config.js";
import { counted } from "../wording.js";

export interface UploadedObject {
  key: string;
  size: number;
  sha256: string;
  poisoned: boolean;
  uploadStartedAt: number;
  uploadEndedAt: number;
}

export type ProblemKind =
  | "upload-failed"
  | "missing-result"
  | "wrong-result"
  | "unexpected-result"
  | "poisoned-result"
  | "dead-lettered"
  | "not-dead-lettered"
  | "dead-lettered-twice"
  | "consumer-failed"
  | "reported-failure"
  | "processed-twice"
  | "filtered-out"
  | "unexpected-object";

/** How a consumer's work is proven: by its result objects (eda's built-in pair) or by its shim's trace lines. */
export type ProofSource = "results" | "traces";

export interface ProvenConsumer {
  name: Consumer;
  proof: ProofSource;
  filter: ConsumerSpec["filter"];
}

/** A project consumer is proven by its traces, a built-in one by its results. */
export function provenConsumer(spec: Pick<ConsumerSpec, "name" | "code" | "filter">): ProvenConsumer {
  return { name: spec.name, proof: spec.code.kind === "project" ? "traces" : "results", filter: spec.filter };
}

/** Whether a consumer's filter (prefix under uploads/, suffix) lets an object through. */
export function filterMatches(filter: ConsumerSpec["filter"], key: string): boolean {
  return key.startsWith(`${UPLOADS_PREFIX}${filter.prefix ?? ""}`) && key.endsWith(filter.suffix ?? "");
}

/** "prefix images/, suffix .json" */
export function filterText(filter: ConsumerSpec["filter"]): string {
  return [filter.prefix ? `prefix ${filter.prefix}` : "", filter.suffix ? `suffix ${filter.suffix}` : ""].filter(Boolean).join(", ") || "none";
}

export interface Problem {
  kind: ProblemKind;
  consumer?: Consumer;
  key?: string;
  message: string;
}

/** A result as read: the parsed result, or why it could not be used. */
export type ReadResult = { result: EdaResult } | { unreadable: string };

interface ResultEntry {
  objectKey: string;
  /** False while the result is only known to exist (listed, not read: --sample). */
  read: boolean;
  /** Hop timestamps of a correct result; absent when the result was wrong. */
  hops?: ResultHops;
  problem?: string;
}

/** What the traces say about one object and one consumer. */
interface TraceEntry {
  /** Successful processings, with the hops of the first. */
  ok: number;
  hops?: ResultHops;
  failures: { error: TraceError; receive: number }[];
  /** Times the handler listed the object's message in batchItemFailures. */
  reported: number;
}

export interface ConsumerProgress {
  /** Correct or not, results read for uploaded objects. */
  results: number;
  /** This run's objects seen in the consumer's DLQ. */
  deadLettered: number;
}

export interface Progress {
  planned: number;
  uploaded: number;
  uploadFailed: number;
  consumers: Record<string, ConsumerProgress>;
}

export interface LedgerOptions {
  /** The run's id: a traced key naming it that was never planned is unexpected. */
  runId?: string;
  /** Object keys whose built-in results are read in full; the others only need to exist. Default: all. */
  sample?: ReadonlySet<string>;
}

export class TestRunLedger {
  private readonly uploaded = new Map<string, UploadedObject>();
  private readonly uploadFailures = new Map<string, string>();
  private readonly results = new Map<Consumer, Map<string, ResultEntry>>();
  private readonly traces = new Map<Consumer, Map<string, TraceEntry>>();
  private readonly unexpected = new Map<Consumer, Set<string>>();
  private readonly deadLetters = new Map<Consumer, Map<string, number>>();
  private readonly byName = new Map<Consumer, ProvenConsumer>();

  private readonly plannedKeys: ReadonlySet<string>;
  readonly consumers: readonly Consumer[];

  constructor(
    /** A bare name is a built-in consumer without a filter. */
    consumers: readonly (Consumer | ProvenConsumer)[],
    /** Every key the run means to upload. */
    plannedKeys: Iterable<string>,
    private readonly options: LedgerOptions = {},
  ) {
    this.plannedKeys = new Set(plannedKeys);
    for (const entry of consumers) {
      const consumer: ProvenConsumer = typeof entry === "string" ? { name: entry, proof: "results", filter: {} } : entry;
      this.byName.set(consumer.name, consumer);
      this.results.set(consumer.name, new Map());
      this.traces.set(consumer.name, new Map());
      this.unexpected.set(consumer.name, new Set());
      this.deadLetters.set(consumer.name, new Map());
    }
    this.consumers = [...this.byName.keys()];
  }

  static resultKeyFor(consumer: Consumer, objectKey: string): string {
    return objectResultKey(`results/${consumer}/`, objectKey);
  }

  recordUpload(object: UploadedObject): void {
    this.uploaded.set(object.key, object);
  }

  recordUploadFailure(key: string, reason: string): void {
    this.uploadFailures.set(key, reason);
  }

  uploadedObjects(): UploadedObject[] {
    return [...this.uploaded.values()];
  }

  /** Whether `consumer`'s filter lets `key` through. */
  expects(consumer: Consumer, key: string): boolean {
    return filterMatches(this.byName.get(consumer)!.filter, key);
  }

  proofOf(consumer: Consumer): ProofSource {
    return this.byName.get(consumer)!.proof;
  }

  /** True when `resultKey` still has to be read: it belongs to an uploaded object of the sample and was not read yet. */
  wants(consumer: Consumer, resultKey: string): boolean {
    const object = this.objectForResultKey(consumer, resultKey);
    return object !== undefined && this.inSample(object.key) && this.results.get(consumer)!.get(resultKey)?.read !== true;
  }

  get planned(): number {
    return this.plannedKeys.size;
  }

  /** Result keys still missing for a built-in `consumer`: expected, healthy objects whose result is not known (or, in the sample, not read). */
  outstandingResultKeys(consumer: Consumer): string[] {
    const results = this.results.get(consumer)!;
    const keys: string[] = [];
    if (this.proofOf(consumer) !== "results") return keys;
    for (const object of this.uploaded.values()) {
      if (object.poisoned || !this.expects(consumer, object.key)) continue;
      const resultKey = TestRunLedger.resultKeyFor(consumer, object.key);
      const entry = results.get(resultKey);
      if (!entry || (!entry.read && this.inSample(object.key))) keys.push(resultKey);
    }
    return keys;
  }

  /**
   * A key listed under the run's results prefixes: unexpected unless it is
   * the result key of a planned object; the result of an uploaded object
   * outside the sample is proven to exist.
   */
  recordListedKey(consumer: Consumer, resultKey: string): void {
    const objectKey = objectKeyOf(consumer, resultKey);
    if (objectKey === undefined || !this.plannedKeys.has(objectKey)) {
      this.unexpected.get(consumer)!.add(resultKey);
      return;
    }
    const results = this.results.get(consumer)!;
    if (this.uploaded.has(objectKey) && !this.inSample(objectKey) && !results.has(resultKey)) results.set(resultKey, { objectKey, read: false });
  }

  recordResult(consumer: Consumer, resultKey: string, read: ReadResult): void {
    const object = this.objectForResultKey(consumer, resultKey);
    if (!object) return;
    const problem = "unreadable" in read ? read.unreadable : checkObjectResult(consumer, object, read.result);
    const entry: ResultEntry = { objectKey: object.key, read: true };
    if (problem) entry.problem = problem;
    else if ("result" in read) entry.hops = read.result.hops;
    this.results.get(consumer)!.set(resultKey, entry);
  }

  /** One trace line of a project consumer (each line read once). Keys outside this run are other traffic and ignored. */
  recordTrace(consumer: Consumer, line: TraceLine): void {
    const traces = this.traces.get(consumer);
    if (!traces) return;
    for (const record of line.records) {
      for (const key of record.keys) {
        if (!this.plannedKeys.has(key)) {
          if (this.options.runId !== undefined && key.includes(`${this.options.runId}/`)) this.unexpected.get(consumer)!.add(key);
          continue;
        }
        let entry = traces.get(key);
        if (!entry) traces.set(key, (entry = { ok: 0, failures: [], reported: 0 }));
        if (record.outcome === "ok") {
          entry.ok += 1;
          entry.hops ??= {
            s3EventTime: record.s3,
            snsTimestamp: record.sns,
            sqsSentTimestamp: record.sent ?? line.start,
            sqsFirstReceiveTimestamp: record.firstReceive ?? line.start,
            handlerStart: line.start,
            handlerEnd: line.end,
          };
        } else if (record.outcome === "failed") {
          entry.failures.push({ error: line.error ?? { type: "Error", message: "the handler failed" }, receive: record.receive });
        } else {
          entry.reported += 1;
        }
      }
    }
  }

  /** What the latest look at the consumer's DLQ found: this run's object keys and how many messages each has. */
  recordDeadLetters(consumer: Consumer, counts: ReadonlyMap<string, number>): void {
    this.deadLetters.set(consumer, new Map(counts));
  }

  /**
   * Every expected object is settled for every consumer: a healthy object
   * has its result (traced consumers: a success, or it gave up into the
   * DLQ), a poisoned one is in each built-in DLQ.
   */
  isComplete(): boolean {
    if (this.uploaded.size + this.uploadFailures.size < this.planned) return false;
    for (const consumer of this.consumers) {
      const deadLetters = this.deadLetters.get(consumer)!;
      for (const object of this.uploaded.values()) {
        if (!this.expects(consumer, object.key)) continue;
        if (this.proofOf(consumer) === "traces") {
          if ((this.traces.get(consumer)!.get(object.key)?.ok ?? 0) === 0 && !deadLetters.has(object.key)) return false;
        } else if (object.poisoned) {
          if (!deadLetters.has(object.key)) return false;
        } else {
          const entry = this.results.get(consumer)!.get(TestRunLedger.resultKeyFor(consumer, object.key));
          if (!entry || (!entry.read && this.inSample(object.key))) return false;
        }
      }
    }
    return true;
  }

  /** Whether a traced consumer failed or reported any object of the run (its DLQ may then fill). */
  anyFailures(): boolean {
    for (const traces of this.traces.values()) for (const entry of traces.values()) if (entry.failures.length > 0 || entry.reported > 0) return true;
    return false;
  }

  /** How many poisoned objects were uploaded (the number each built-in DLQ must end up holding). */
  poisonedCount(): number {
    return [...this.uploaded.values()].filter((object) => object.poisoned).length;
  }

  progress(): Progress {
    const consumers: Record<string, ConsumerProgress> = {};
    for (const consumer of this.consumers) {
      const processed =
        this.proofOf(consumer) === "traces" ? [...this.traces.get(consumer)!.values()].filter((entry) => entry.ok > 0).length : this.results.get(consumer)!.size;
      consumers[consumer] = { results: processed, deadLettered: this.deadLetters.get(consumer)!.size };
    }
    return { planned: this.planned, uploaded: this.uploaded.size, uploadFailed: this.uploadFailures.size, consumers };
  }

  /** Every problem, in a stable order: uploads, then per consumer what each object lacks, then what should not be there. */
  problems(): Problem[] {
    const problems: Problem[] = [];
    for (const [key, reason] of this.uploadFailures) problems.push({ kind: "upload-failed", key, message: `upload of ${key} failed: ${reason}` });
    for (const consumer of this.consumers) {
      const deadLetters = this.deadLetters.get(consumer)!;
      for (const object of this.uploaded.values()) {
        const inDeadLetterQueue = deadLetters.get(object.key) ?? 0;
        if (this.proofOf(consumer) === "traces") problems.push(...this.traceProblems(consumer, object, inDeadLetterQueue));
        else problems.push(...this.resultProblems(consumer, object, inDeadLetterQueue));
      }
      for (const key of this.unexpected.get(consumer)!) {
        problems.push(
          this.proofOf(consumer) === "traces"
            ? { kind: "unexpected-object", consumer, key, message: `${consumer} processed ${key}, which this run never uploaded` }
            : { kind: "unexpected-result", consumer, key, message: `${consumer} result ${key} belongs to no uploaded object` },
        );
      }
      for (const [key, count] of deadLetters) {
        if (!this.uploaded.has(key)) {
          problems.push({ kind: "dead-lettered", consumer, key, message: `${key} (${counted(count, "message")}) is in the ${consumer} DLQ but was never uploaded by this run` });
        }
      }
    }
    return problems;
  }

  private resultProblems(consumer: Consumer, object: UploadedObject, inDeadLetterQueue: number): Problem[] {
    const problems: Problem[] = [];
    const entry = this.results.get(consumer)!.get(TestRunLedger.resultKeyFor(consumer, object.key));
    const at = { consumer, key: object.key };
    if (!this.expects(consumer, object.key)) {
      if (entry || inDeadLetterQueue > 0) problems.push({ kind: "filtered-out", ...at, message: this.filteredOutText(consumer, object.key) });
      return problems;
    }
    if (object.poisoned) {
      if (entry) problems.push({ kind: "poisoned-result", ...at, message: `${consumer} wrote a result for poisoned object ${object.key}` });
      if (inDeadLetterQueue === 0) {
        problems.push({ kind: "not-dead-lettered", ...at, message: `poisoned object ${object.key} is not in the ${consumer} DLQ` });
      } else if (inDeadLetterQueue > 1) {
        problems.push({ kind: "dead-lettered-twice", ...at, message: `poisoned object ${object.key} is in the ${consumer} DLQ ${inDeadLetterQueue} times` });
      }
      return problems;
    }
    if (!entry) problems.push({ kind: "missing-result", ...at, message: `no ${consumer} result for ${object.key}` });
    else if (entry.problem) problems.push({ kind: "wrong-result", ...at, message: `${consumer} result for ${object.key}: ${entry.problem}` });
    if (inDeadLetterQueue > 0) problems.push({ kind: "dead-lettered", ...at, message: `${object.key} is in the ${consumer} DLQ but was not poisoned` });
    return problems;
  }

  private traceProblems(consumer: Consumer, object: UploadedObject, inDeadLetterQueue: number): Problem[] {
    const problems: Problem[] = [];
    const entry = this.traces.get(consumer)!.get(object.key) ?? { ok: 0, failures: [], reported: 0 };
    const at = { consumer, key: object.key };
    if (!this.expects(consumer, object.key)) {
      if (entry.ok + entry.failures.length + entry.reported > 0 || inDeadLetterQueue > 0) {
        problems.push({ kind: "filtered-out", ...at, message: this.filteredOutText(consumer, object.key) });
      }
      return problems;
    }
    if (entry.ok === 0) {
      // A poisoned object the consumer refused until it reached its DLQ, once, is what poison is for.
      if (object.poisoned && inDeadLetterQueue === 1) return problems;
      if (object.poisoned && inDeadLetterQueue > 1) {
        return [{ kind: "dead-lettered-twice", ...at, message: `poisoned object ${object.key} is in the ${consumer} DLQ ${inDeadLetterQueue} times` }];
      }
      const dlqText = inDeadLetterQueue > 0 ? `; it is in the ${consumer} DLQ` : "";
      const last = entry.failures.at(-1);
      if (last) {
        const attempts = entry.failures.length === 1 ? "1 attempt" : `${entry.failures.length} attempts`;
        problems.push({ kind: "consumer-failed", ...at, message: `${consumer} failed on ${object.key}: ${last.error.type}: ${last.error.message} (${attempts}${dlqText})` });
      } else if (entry.reported > 0) {
        problems.push({ kind: "reported-failure", ...at, message: `${consumer} reported ${object.key} as a batch item failure (${entry.reported === 1 ? "once" : `${entry.reported} times`}${dlqText})` });
      } else {
        problems.push({ kind: "missing-result", ...at, message: `no trace of ${consumer} processing ${object.key}${dlqText}` });
      }
      return problems;
    }
    if (entry.ok > 1) problems.push({ kind: "processed-twice", ...at, message: `${consumer} processed ${object.key} ${entry.ok} times` });
    if (inDeadLetterQueue > 0) problems.push({ kind: "dead-lettered", ...at, message: `${object.key} is in the ${consumer} DLQ although ${consumer} processed it` });
    return problems;
  }

  private filteredOutText(consumer: Consumer, key: string): string {
    return `${consumer} received ${key}, which its filter (${filterText(this.byName.get(consumer)!.filter)}) excludes`;
  }

  /** Hop timestamps of every correct result (or successful trace) of `consumer`, with the upload start of its object. */
  latencySamples(consumer: Consumer): { uploadStartedAt: number; hops: ResultHops }[] {
    const samples: { uploadStartedAt: number; hops: ResultHops }[] = [];
    const entries =
      this.proofOf(consumer) === "traces"
        ? [...this.traces.get(consumer)!].map(([objectKey, entry]) => ({ objectKey, hops: entry.hops }))
        : [...this.results.get(consumer)!.values()];
    for (const entry of entries) {
      const object = this.uploaded.get(entry.objectKey);
      if (object && entry.hops) samples.push({ uploadStartedAt: object.uploadStartedAt, hops: entry.hops });
    }
    return samples;
  }

  /** Objects that every consumer expecting them processed correctly (timed ones: read or traced), with the time the last one finished. */
  fullyProcessed(): { key: string; uploadStartedAt: number; finishedAt: number }[] {
    const done: { key: string; uploadStartedAt: number; finishedAt: number }[] = [];
    for (const object of this.uploaded.values()) {
      if (object.poisoned) continue;
      let finishedAt = -Infinity;
      for (const consumer of this.consumers) {
        if (!this.expects(consumer, object.key)) continue;
        const hops =
          this.proofOf(consumer) === "traces"
            ? this.traces.get(consumer)!.get(object.key)?.hops
            : this.results.get(consumer)!.get(TestRunLedger.resultKeyFor(consumer, object.key))?.hops;
        if (!hops) {
          finishedAt = Number.NaN;
          break;
        }
        finishedAt = Math.max(finishedAt, hops.handlerEnd);
      }
      if (Number.isFinite(finishedAt)) done.push({ key: object.key, uploadStartedAt: object.uploadStartedAt, finishedAt });
    }
    return done;
  }

  private inSample(objectKey: string): boolean {
    return this.options.sample === undefined || this.options.sample.has(objectKey);
  }

  private objectForResultKey(consumer: Consumer, resultKey: string): UploadedObject | undefined {
    const objectKey = objectKeyOf(consumer, resultKey);
    return objectKey === undefined ? undefined : this.uploaded.get(objectKey);
  }
}

/** `results/<consumer>/<rest>.json` -> `uploads/<rest>` (the inverse of objectResultKey). */
export function objectKeyOf(consumer: Consumer, resultKey: string): string | undefined {
  const prefix = `results/${consumer}/`;
  if (!resultKey.startsWith(prefix) || !resultKey.endsWith(".json")) return undefined;
  return `uploads/${resultKey.slice(prefix.length, -".json".length)}`;
}

/** Why a result does not prove what was uploaded, or undefined when it does. */
export function checkObjectResult(consumer: Consumer, object: Pick<UploadedObject, "key" | "size" | "sha256">, result: EdaResult): string | undefined {
  if (result.schema !== RESULT_SCHEMA) return `schema is ${JSON.stringify(result.schema)}, expected ${RESULT_SCHEMA}`;
  if (result.consumer !== consumer) return `written by ${JSON.stringify(result.consumer)}`;
  if (result.source !== "s3") return `source is ${JSON.stringify(result.source)}, expected s3`;
  if (result.key !== object.key) return `names key ${JSON.stringify(result.key)}`;
  if (consumer === "inventory") {
    const facts = result.inventory;
    if (!facts) return "has no inventory facts";
    if (facts.size !== object.size) return `size ${facts.size}, uploaded ${object.size}`;
    if (facts.sha256 !== object.sha256) return `SHA-256 ${facts.sha256}, uploaded ${object.sha256}`;
  } else {
    const facts = result.audit;
    if (!facts) return "has no audit facts";
    if (!facts.eventName.startsWith("ObjectCreated:")) return `event ${facts.eventName}, expected ObjectCreated:*`;
  }
  return undefined;
}
