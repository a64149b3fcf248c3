/**
 * What `eda test` uploads: a fresh run id, object keys under
 * `uploads/<run-id>/` that deliberately include spaces, `+`, non-ASCII
 * characters and nested prefixes (the keys S3 form-encodes in its events,
 * where consumers most often go wrong), deterministic content per object,
 * and which objects carry the poison marker. When consumers filter by key,
 * the objects are spread over one target per distinct filter
 * (`uploads/<prefix><run-id>/…<suffix>`) besides the unfiltered one, so
 * every consumer gets objects and sees others pass it by. Pure, but for
 * the content stream of objects too large to build in memory.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { UPLOADS_PREFIX, type ConsumerSpec } from "../stack/config.js";

/**
 * `20260101T120000Z-3fa9c1`: sorts by start time, unique enough with six
 * random hex digits. Never contains "bad" (b, a and d are hex digits: one
 * run in about a thousand would draw it), so a consumer that throws for
 * keys containing "bad" fails only the bad/ objects, not every key of the run.
 */
export function newRunId(now: number, randomHex: string): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomHex.slice(0, 6).replace(/bad/g, "ba0")}`;
}

/** Where a target's objects go: `uploads/<prefix><run-id>/` (no prefix: `uploads/<run-id>/`). */
export function runUploadsPrefix(runId: string, target: KeyTarget = {}): string {
  return `${UPLOADS_PREFIX}${target.prefix ?? ""}${runId}/`;
}

/** Key shapes, used in turn: object n gets shape (n - 1) mod 6. */
const KEY_SHAPES: readonly ((number: string) => string)[] = [
  (n) => `plain/object-${n}.txt`,
  (n) => `with spaces/report ${n} final.txt`,
  (n) => `plus+signs/a+b=c ${n}.txt`,
  (n) => `unicode/café-日本語-ü ${n}.txt`,
  (n) => `deeply/nested/prefix/levels/object-${n}.txt`,
  // A name to try a consumer's failure path with (throw for keys containing "bad"): eda test then names these keys.
  (n) => `bad/object-${n}.txt`,
];

export const KEY_SHAPE_COUNT = KEY_SHAPES.length;

/** A consumer filter the run's keys must match: prefix under uploads/ and suffix. */
export type KeyTarget = ConsumerSpec["filter"];

/** The unfiltered target, then each distinct filter of the consumers, in their order. */
export function keyTargets(filters: readonly KeyTarget[]): KeyTarget[] {
  const targets: KeyTarget[] = [{}];
  const seen = new Set([JSON.stringify([undefined, undefined])]);
  for (const filter of filters) {
    const id = JSON.stringify([filter.prefix || undefined, filter.suffix || undefined]);
    if (seen.has(id)) continue;
    seen.add(id);
    targets.push({ ...(filter.prefix ? { prefix: filter.prefix } : {}), ...(filter.suffix ? { suffix: filter.suffix } : {}) });
  }
  return targets;
}

/**
 * The key of object `index` (0-based) of `count`: shape index mod 6, target
 * index mod the targets, numbers zero-padded so keys sort in upload order
 * within a shape.
 */
export function testObjectKey(runId: string, index: number, count: number, targets: readonly KeyTarget[] = [{}]): string {
  const width = String(count).length;
  const number = String(index + 1).padStart(width, "0");
  const target = targets[index % targets.length]!;
  const name = KEY_SHAPES[index % KEY_SHAPES.length]!(number);
  return `${runUploadsPrefix(runId, target)}${target.suffix ? `${name.slice(0, -".txt".length)}${target.suffix}` : name}`;
}

export interface TestObject {
  index: number;
  key: string;
  size: number;
  poisoned: boolean;
}

export function planTestObjects(runId: string, count: number, size: number, poisonCount: number, targets: readonly KeyTarget[] = [{}]): TestObject[] {
  const poisoned = poisonedIndexes(count, poisonCount);
  return Array.from({ length: count }, (_, index) => ({
    index,
    key: testObjectKey(runId, index, count, targets),
    size,
    poisoned: poisoned.has(index),
  }));
}

/** `k` indexes spread evenly over `count` objects, so poisoned objects mix with healthy ones in every batch. */
export function poisonedIndexes(count: number, k: number): Set<number> {
  const indexes = new Set<number>();
  for (let j = 0; j < k; j++) indexes.add(Math.floor(((j + 0.5) * count) / k));
  return indexes;
}

/** The text line an object's content repeats; it names the run and the object, so every object's SHA-256 differs. */
function contentLine(runId: string, index: number): string {
  return `eda test ${runId} object ${index + 1}\n`;
}

/** Deterministic text content of exactly `size` bytes, and its SHA-256 (hex). */
export function testObjectContent(runId: string, object: Pick<TestObject, "index" | "size">): { body: Buffer; sha256: string } {
  const body = object.size === 0 ? Buffer.alloc(0) : Buffer.alloc(object.size, contentLine(runId, object.index), "utf8");
  return { body, sha256: createHash("sha256").update(body).digest("hex") };
}

/** Streamed content is produced in chunks of about this size. */
const STREAM_CHUNK_BYTES = 1024 ** 2;

/**
 * The same content as testObjectContent, produced chunk by chunk so that
 * memory stays at one chunk whatever the size; `sha256()` gives the digest
 * once the stream has ended.
 */
export function testObjectStream(runId: string, object: Pick<TestObject, "index" | "size">): { body: Readable; sha256(): string } {
  const line = Buffer.from(contentLine(runId, object.index), "utf8");
  // Whole lines per chunk, so chunk after chunk repeats the line seamlessly.
  const chunk = Buffer.alloc(Math.max(1, Math.floor(STREAM_CHUNK_BYTES / line.length)) * line.length, line);
  const hash = createHash("sha256");
  let digest: string | undefined;
  function* chunks(): Generator<Buffer> {
    for (let sent = 0; sent < object.size; sent += chunk.length) {
      const part = object.size - sent >= chunk.length ? chunk : chunk.subarray(0, object.size - sent);
      hash.update(part);
      yield part;
    }
    digest = hash.digest("hex");
  }
  return {
    body: Readable.from(chunks(), { objectMode: false }),
    sha256() {
      if (digest === undefined) throw new Error("the content stream has not ended");
      return digest;
    },
  };
}
