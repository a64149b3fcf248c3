/**
 * What `eda test` uploads: a fresh run id, object keys under
 * `uploads/<run-id>/` that deliberately include spaces, `+`, non-ASCII
 * characters and nested prefixes (the keys S3 form-encodes in its events,
 * where consumers most often go wrong), deterministic content per object,
 * and which objects carry the poison marker. Pure.
 */
import { createHash } from "node:crypto";
import { UPLOADS_PREFIX } from "../stack.js";

/** `20260101T120000Z-3fa9c1`: sorts by start time, unique enough with six random hex digits. */
export function newRunId(now: number, randomHex: string): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomHex.slice(0, 6)}`;
}

export function runUploadsPrefix(runId: string): string {
  return `${UPLOADS_PREFIX}${runId}/`;
}

/** Key shapes, used in turn: object n gets shape (n - 1) mod 5. */
const KEY_SHAPES: readonly ((number: string) => string)[] = [
  (n) => `plain/object-${n}.txt`,
  (n) => `with spaces/report ${n} final.txt`,
  (n) => `plus+signs/a+b=c ${n}.txt`,
  (n) => `unicode/café-日本語-ü ${n}.txt`,
  (n) => `deeply/nested/prefix/levels/object-${n}.txt`,
];

/** The key of object `index` (0-based) of `count`, numbers zero-padded so keys sort in upload order within a shape. */
export function testObjectKey(runId: string, index: number, count: number): string {
  const width = String(count).length;
  const number = String(index + 1).padStart(width, "0");
  return `${runUploadsPrefix(runId)}${KEY_SHAPES[index % KEY_SHAPES.length]!(number)}`;
}

export interface TestObject {
  index: number;
  key: string;
  size: number;
  poisoned: boolean;
}

export function planTestObjects(runId: string, count: number, size: number, poisonCount: number): TestObject[] {
  const poisoned = poisonedIndexes(count, poisonCount);
  return Array.from({ length: count }, (_, index) => ({
    index,
    key: testObjectKey(runId, index, count),
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
