/**
 * Waiting for the results of known inputs (`eda upload`, `eda send`): the
 * result keys are derived from the inputs, so a few are read directly, and
 * many are found by listing their common prefix (one request per page, not
 * one per key) and reading only what appeared.
 */
import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import type { CoreContext } from "../context.js";
import type { Consumer } from "../stack/config.js";
import { forEachBounded } from "../bounded.js";
import { listPrefix, readResultObject, type BucketAccess } from "./results.js";
import type { ReadResult } from "../test/verification.js";

export interface ExpectedResult {
  consumer: Consumer;
  resultKey: string;
}

/** Up to this many outstanding keys are read directly each poll; more are found by listing. */
const DIRECT_READ_LIMIT = 20;
const READ_CONCURRENCY = 8;
const POLL_INTERVAL_MS = 400;

export interface AwaitOutcome<T extends ExpectedResult> {
  missing: T[];
  interrupted: boolean;
}

export async function awaitResults<T extends ExpectedResult>(
  ctx: CoreContext,
  bucket: BucketAccess,
  expected: readonly T[],
  options: { timeoutMs: number; onResult: (expected: T, read: ReadResult) => void },
): Promise<AwaitOutcome<T>> {
  const outstanding = new Map(expected.map((entry) => [entry.resultKey, entry]));
  const deadline = ctx.clock.now() + options.timeoutMs;
  const found = (key: string, read: ReadResult | undefined) => {
    const entry = outstanding.get(key);
    if (!entry || !read) return;
    outstanding.delete(key);
    options.onResult(entry, read);
  };
  try {
    while (outstanding.size > 0) {
      const candidates = outstanding.size <= DIRECT_READ_LIMIT ? [...outstanding.keys()] : await listedCandidates(ctx, bucket, [...outstanding.keys()]);
      await forEachBounded(candidates, READ_CONCURRENCY, async (key) => found(key, await readResultObject(bucket, key, ctx.signal)), ctx.signal);
      if (outstanding.size === 0 || ctx.clock.now() >= deadline) break;
      await ctx.clock.sleep(POLL_INTERVAL_MS, ctx.signal);
    }
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    return { missing: [...outstanding.values()], interrupted: true };
  }
  return { missing: [...outstanding.values()], interrupted: false };
}

/** The outstanding keys that a listing of their common prefix shows. */
async function listedCandidates(ctx: CoreContext, bucket: BucketAccess, keys: string[]): Promise<string[]> {
  const wanted = new Set(keys);
  const present: string[] = [];
  for await (const page of listPrefix(bucket, commonPrefix(keys), ctx.signal)) {
    for (const object of page) if (wanted.has(object.key)) present.push(object.key);
  }
  return present;
}

/** The longest common prefix of `keys` that ends with "/" (listing by folder keeps pages relevant). */
export function commonPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return "";
  let prefix = keys[0]!;
  for (const key of keys) {
    while (!key.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix.slice(0, prefix.lastIndexOf("/") + 1);
}

/**
 * Deletes earlier results at these keys (a re-uploaded file or a reused
 * message id), so whatever appears afterwards belongs to this run.
 */
export async function clearResults(ctx: CoreContext, bucket: BucketAccess, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 1000) {
    await ctx.clients.s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket.bucket,
        ExpectedBucketOwner: bucket.owner,
        Delete: { Objects: keys.slice(start, start + 1000).map((Key) => ({ Key })), Quiet: true },
      }),
      { abortSignal: ctx.signal },
    );
  }
}
