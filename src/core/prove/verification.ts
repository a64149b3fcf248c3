/**
 * The bookkeeping of one `eda test` run and the verdict on it. Pure: the
 * run feeds in what it uploaded, the results it read and what it saw in the
 * dead-letter queues; the ledger answers whether every hop was proven,
 * what is still outstanding, and every problem in one line each.
 *
 * Rules: every uploaded object has exactly one result per consumer (result
 * keys are derived from object keys, so one key = one result) with the
 * right content (inventory: size and SHA-256 computed at upload; both: the
 * decoded key); no result under the run's prefix belongs to an object that
 * was not uploaded; nothing of the run is in a DLQ unless it was poisoned;
 * every poisoned object is in each consumer's DLQ exactly once and has no
 * result.
 */
import { objectResultKey, RESULT_SCHEMA, type EdaResult, type ResultHops } from "../../../handlers/shared/result.js";
import type { Consumer } from "../stack.js";
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
  | "dead-lettered-twice";

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
  /** Hop timestamps of a correct result; absent when the result was wrong. */
  hops?: ResultHops;
  problem?: string;
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

export class TestRunLedger {
  private readonly uploaded = new Map<string, UploadedObject>();
  private readonly uploadFailures = new Map<string, string>();
  private readonly results = new Map<Consumer, Map<string, ResultEntry>>();
  private readonly unexpected = new Map<Consumer, Set<string>>();
  private readonly deadLetters = new Map<Consumer, Map<string, number>>();

  private readonly plannedKeys: ReadonlySet<string>;

  constructor(
    readonly consumers: readonly Consumer[],
    /** Every key the run means to upload. */
    plannedKeys: Iterable<string>,
  ) {
    this.plannedKeys = new Set(plannedKeys);
    for (const consumer of consumers) {
      this.results.set(consumer, new Map());
      this.unexpected.set(consumer, new Set());
      this.deadLetters.set(consumer, new Map());
    }
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

  /** True when `resultKey` still has to be read: it belongs to an uploaded object and was not read yet. */
  wants(consumer: Consumer, resultKey: string): boolean {
    return this.objectForResultKey(consumer, resultKey) !== undefined && !this.results.get(consumer)!.has(resultKey);
  }

  get planned(): number {
    return this.plannedKeys.size;
  }

  /** Result keys still missing for `consumer`: uploaded, healthy objects without a result read. */
  outstandingResultKeys(consumer: Consumer): string[] {
    const results = this.results.get(consumer)!;
    const keys: string[] = [];
    for (const object of this.uploaded.values()) {
      if (object.poisoned) continue;
      const resultKey = TestRunLedger.resultKeyFor(consumer, object.key);
      if (!results.has(resultKey)) keys.push(resultKey);
    }
    return keys;
  }

  /** A key listed under the run's results prefix: unexpected unless it is the result key of a planned object. */
  recordListedKey(consumer: Consumer, resultKey: string): void {
    const objectKey = objectKeyOf(consumer, resultKey);
    if (objectKey === undefined || !this.plannedKeys.has(objectKey)) this.unexpected.get(consumer)!.add(resultKey);
  }

  recordResult(consumer: Consumer, resultKey: string, read: ReadResult): void {
    const object = this.objectForResultKey(consumer, resultKey);
    if (!object) return;
    const problem = "unreadable" in read ? read.unreadable : checkObjectResult(consumer, object, read.result);
    const entry: ResultEntry = { objectKey: object.key };
    if (problem) entry.problem = problem;
    else if ("result" in read) entry.hops = read.result.hops;
    this.results.get(consumer)!.set(resultKey, entry);
  }

  /** What the latest look at the consumer's DLQ found: this run's object keys and how many messages each has. */
  recordDeadLetters(consumer: Consumer, counts: ReadonlyMap<string, number>): void {
    this.deadLetters.set(consumer, new Map(counts));
  }

  /** Every healthy object has a result from each consumer and every poisoned one is in each DLQ. */
  isComplete(): boolean {
    if (this.uploaded.size + this.uploadFailures.size < this.planned) return false;
    for (const consumer of this.consumers) {
      const results = this.results.get(consumer)!;
      const deadLetters = this.deadLetters.get(consumer)!;
      for (const object of this.uploaded.values()) {
        if (object.poisoned ? !deadLetters.has(object.key) : !results.has(TestRunLedger.resultKeyFor(consumer, object.key))) return false;
      }
    }
    return true;
  }

  /** How many poisoned objects were uploaded (the number each DLQ must end up holding). */
  poisonedCount(): number {
    return [...this.uploaded.values()].filter((object) => object.poisoned).length;
  }

  progress(): Progress {
    const consumers: Record<string, ConsumerProgress> = {};
    for (const consumer of this.consumers) {
      consumers[consumer] = { results: this.results.get(consumer)!.size, deadLettered: this.deadLetters.get(consumer)!.size };
    }
    return { planned: this.planned, uploaded: this.uploaded.size, uploadFailed: this.uploadFailures.size, consumers };
  }

  /** Every problem, in a stable order: uploads, then per consumer missing, wrong, unexpected and DLQ findings. */
  problems(): Problem[] {
    const problems: Problem[] = [];
    for (const [key, reason] of this.uploadFailures) problems.push({ kind: "upload-failed", key, message: `upload of ${key} failed: ${reason}` });
    for (const consumer of this.consumers) {
      const results = this.results.get(consumer)!;
      const deadLetters = this.deadLetters.get(consumer)!;
      for (const object of this.uploaded.values()) {
        const resultKey = TestRunLedger.resultKeyFor(consumer, object.key);
        const entry = results.get(resultKey);
        const inDeadLetterQueue = deadLetters.get(object.key) ?? 0;
        if (object.poisoned) {
          if (entry) problems.push({ kind: "poisoned-result", consumer, key: object.key, message: `${consumer} wrote a result for poisoned object ${object.key}` });
          if (inDeadLetterQueue === 0) {
            problems.push({ kind: "not-dead-lettered", consumer, key: object.key, message: `poisoned object ${object.key} is not in the ${consumer} DLQ` });
          } else if (inDeadLetterQueue > 1) {
            problems.push({
              kind: "dead-lettered-twice",
              consumer,
              key: object.key,
              message: `poisoned object ${object.key} is in the ${consumer} DLQ ${inDeadLetterQueue} times`,
            });
          }
          continue;
        }
        if (!entry) problems.push({ kind: "missing-result", consumer, key: object.key, message: `no ${consumer} result for ${object.key}` });
        else if (entry.problem) problems.push({ kind: "wrong-result", consumer, key: object.key, message: `${consumer} result for ${object.key}: ${entry.problem}` });
        if (inDeadLetterQueue > 0) problems.push({ kind: "dead-lettered", consumer, key: object.key, message: `${object.key} is in the ${consumer} DLQ but was not poisoned` });
      }
      for (const resultKey of this.unexpected.get(consumer)!) {
        problems.push({ kind: "unexpected-result", consumer, key: resultKey, message: `${consumer} result ${resultKey} belongs to no uploaded object` });
      }
      for (const [key, count] of deadLetters) {
        if (!this.uploaded.has(key)) {
          problems.push({ kind: "dead-lettered", consumer, key, message: `${key} (${counted(count, "message")}) is in the ${consumer} DLQ but was never uploaded by this run` });
        }
      }
    }
    return problems;
  }

  /** Hop timestamps of every correct result of `consumer`, with the upload start of its object. */
  latencySamples(consumer: Consumer): { uploadStartedAt: number; hops: ResultHops }[] {
    const samples: { uploadStartedAt: number; hops: ResultHops }[] = [];
    for (const entry of this.results.get(consumer)!.values()) {
      const object = this.uploaded.get(entry.objectKey);
      if (object && entry.hops) samples.push({ uploadStartedAt: object.uploadStartedAt, hops: entry.hops });
    }
    return samples;
  }

  /** Objects whose results from every consumer are in and correct, with the time the last one finished. */
  fullyProcessed(): { key: string; uploadStartedAt: number; finishedAt: number }[] {
    const done: { key: string; uploadStartedAt: number; finishedAt: number }[] = [];
    for (const object of this.uploaded.values()) {
      if (object.poisoned) continue;
      let finishedAt = -Infinity;
      for (const consumer of this.consumers) {
        const hops = this.results.get(consumer)!.get(TestRunLedger.resultKeyFor(consumer, object.key))?.hops;
        if (!hops) {
          finishedAt = Number.NaN;
          break;
        }
        finishedAt = Math.max(finishedAt, hops.handlerEnd);
      }
      if (!Number.isNaN(finishedAt)) done.push({ key: object.key, uploadStartedAt: object.uploadStartedAt, finishedAt });
    }
    return done;
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
