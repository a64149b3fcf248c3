/**
 * Reading the consumers' results from the bucket: listing a prefix page by
 * page (ListObjectsV2 pages of 1000 keys), reading one result, and checking
 * that what was read has the shape of handlers/shared/result.ts.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { RESULT_SCHEMA, type EdaResult } from "../../../handlers/shared/result.js";
import { isAwsError } from "../aws-errors.js";
import type { ReadResult } from "../test/verification.js";

export interface BucketAccess {
  s3: S3Client;
  bucket: string;
  /** The account that must own the bucket (bucket names are global: never read or write someone else's). */
  owner: string;
}

export interface ListedObject {
  key: string;
  eTag: string;
  size: number;
  lastModified: number;
}

/** Every object under `prefix` (after `startAfter`, when given), one page (up to 1000 keys) at a time. */
export async function* listPrefix(access: BucketAccess, prefix: string, signal?: AbortSignal, startAfter?: string): AsyncGenerator<ListedObject[]> {
  let continuationToken: string | undefined;
  do {
    const page = await access.s3.send(
      new ListObjectsV2Command({
        Bucket: access.bucket,
        Prefix: prefix,
        MaxKeys: 1000,
        ExpectedBucketOwner: access.owner,
        ...(continuationToken ? { ContinuationToken: continuationToken } : startAfter ? { StartAfter: startAfter } : {}),
      }),
      { abortSignal: signal },
    );
    yield (page.Contents ?? []).map((object) => ({
      key: object.Key ?? "",
      eTag: object.ETag ?? "",
      size: object.Size ?? 0,
      lastModified: object.LastModified?.getTime() ?? 0,
    }));
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
}

/**
 * The expected result keys of one folder (`results/<consumer>/<run>/plain/`),
 * in S3's listing order (UTF-8 bytes). Keys are numbered in upload order and
 * results mostly arrive in it, so while watching, a folder is listed from
 * just after its settled beginning: each poll lists the tail still to come,
 * not every result again.
 */
export class ResultFolder {
  /** How many keys from the start are settled. */
  private settledCount = 0;

  private constructor(
    readonly prefix: string,
    private readonly keys: readonly string[],
  ) {}

  /** `keys` grouped by folder (everything up to the last "/"). */
  static group(keys: readonly string[]): ResultFolder[] {
    const byFolder = new Map<string, string[]>();
    for (const key of keys) {
      const folder = key.slice(0, key.lastIndexOf("/") + 1);
      let list = byFolder.get(folder);
      if (!list) byFolder.set(folder, (list = []));
      list.push(key);
    }
    return [...byFolder].map(([folder, list]) => new ResultFolder(folder, list.sort(byUtf8)));
  }

  /** What to list: nothing once every key is settled, else the folder after its last key of the settled beginning. */
  unsettledListing(settled: (key: string) => boolean): { prefix: string; startAfter: string | undefined }[] {
    while (this.settledCount < this.keys.length && settled(this.keys[this.settledCount]!)) this.settledCount++;
    if (this.settledCount === this.keys.length) return [];
    return [{ prefix: this.prefix, startAfter: this.settledCount > 0 ? this.keys[this.settledCount - 1] : undefined }];
  }
}

/** S3 lists keys in UTF-8 byte order (JavaScript compares UTF-16 code units: they differ past U+FFFF). */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Reads and parses one result; a missing key is `undefined` (not written yet). */
export async function readResultObject(access: BucketAccess, key: string, signal?: AbortSignal): Promise<ReadResult | undefined> {
  let text: string;
  try {
    const object = await access.s3.send(new GetObjectCommand({ Bucket: access.bucket, Key: key, ExpectedBucketOwner: access.owner }), {
      abortSignal: signal,
    });
    text = (await object.Body?.transformToString("utf8")) ?? "";
  } catch (error) {
    if (isAwsError(error, "NoSuchKey", "NotFound")) return undefined;
    throw error;
  }
  return parseResult(text);
}

/** The result, or why it cannot be one (not JSON, another schema, fields missing). */
export function parseResult(text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { unreadable: "is not JSON" };
  }
  if (!isObject(value)) return { unreadable: "is not a JSON object" };
  if (value.schema !== RESULT_SCHEMA) return { unreadable: `schema is ${JSON.stringify(value.schema)}, expected ${RESULT_SCHEMA}` };
  const missing = ["consumer", "source", "messageId"].filter((field) => typeof value[field] !== "string");
  if (typeof value.receiveCount !== "number") missing.push("receiveCount");
  const hops = value.hops;
  if (!isObject(hops)) missing.push("hops");
  else {
    for (const field of ["sqsSentTimestamp", "sqsFirstReceiveTimestamp", "handlerStart", "handlerEnd"]) {
      if (typeof hops[field] !== "number") missing.push(`hops.${field}`);
    }
    for (const field of ["s3EventTime", "snsTimestamp"]) {
      if (hops[field] !== null && typeof hops[field] !== "number") missing.push(`hops.${field}`);
    }
  }
  if (value.source === "s3" && typeof value.key !== "string") missing.push("key");
  if (value.source === "message" && typeof value.id !== "string") missing.push("id");
  if (missing.length > 0) return { unreadable: `lacks ${missing.join(", ")}` };
  return { result: value as unknown as EdaResult };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
