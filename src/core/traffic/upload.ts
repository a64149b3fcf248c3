/**
 * `eda upload FILE...`: puts the user's files under `uploads/` and, unless
 * told not to wait, shows each consumer's result for each file as it
 * arrives: a built-in consumer's result object, checked against the size
 * and SHA-256 computed while uploading; a project consumer's traced record
 * (only for files its filter matches).
 * Every file is checked before the first byte is sent: a missing,
 * unreadable or oversized file uploads nothing.
 */
import { createHash } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { access, open, readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { PassThrough } from "node:stream";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { CoreContext } from "../context.js";
import { UsageError } from "../errors.js";
import { failureText } from "../aws-errors.js";
import { consumersOf, UPLOADS_PREFIX } from "../stack/config.js";
import { awaitResults, clearResults } from "../observe/await-results.js";
import { awaitTraces } from "../observe/await-traces.js";
import { forEachBounded, withRequestRoom } from "../bounded.js";
import { formatBytes, MAX_SINGLE_PUT_BYTES, singlePutLimitText } from "../command-options.js";
import { openPipeline } from "../stack/deployed-pipeline.js";
import { resultText, tracedRecordText } from "../observe/result-lines.js";
import { formatMs } from "../test/test-summary.js";
import { TraceFollower } from "../observe/traces.js";
import { checkObjectResult, filterMatches, TestRunLedger } from "../test/verification.js";

export const UPLOAD_DEFAULT_TIMEOUT_MS = 60_000;
/** Files up to this size are read into memory, so the SDK can retry a failed attempt; larger ones are streamed. */
const IN_MEMORY_LIMIT = 16 * 1024 ** 2;
const UPLOAD_CONCURRENCY = 4;
/** S3 keys are at most 1024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

export interface UploadOptions {
  files: string[];
  /** Folder under uploads/ to put the files in. */
  prefix?: string;
  wait: boolean;
  timeoutMs: number;
}

export interface UploadResult {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

interface LocalFile {
  path: string;
  key: string;
  size: number;
}

interface UploadedFile extends LocalFile {
  sha256: string;
  uploadedAt: number;
}

export async function upload(commandContext: CoreContext, options: UploadOptions): Promise<UploadResult> {
  const ctx = withRequestRoom(commandContext, UPLOAD_CONCURRENCY + 8);
  const files = await checkFiles(options.files, uploadPrefix(options.prefix));
  const pipeline = await openPipeline(ctx, { mappings: options.wait });
  const { bucket } = pipeline;
  const consumers = consumersOf(pipeline.config);
  const isTraced = (consumer: string) => pipeline.config.consumerSpecs[consumer]?.code.kind === "project";
  const builtins = consumers.filter((consumer) => !isTraced(consumer));
  const resultKeys = (file: LocalFile) => builtins.map((consumer) => ({ consumer, resultKey: TestRunLedger.resultKeyFor(consumer, file.key), file }));
  if (options.wait) await clearResults(ctx, bucket, files.flatMap(resultKeys).map((entry) => entry.resultKey));
  // Traces are read from a little before the uploads: the functions' clock may be behind this machine's.
  const followers = new Map(
    consumers.filter(isTraced).map((consumer) => [consumer, new TraceFollower(ctx.clients.logs, pipeline.config.consumers[consumer].logGroup, ctx.clock.now() - 60_000)]),
  );

  const uploaded: UploadedFile[] = [];
  const failed: string[] = [];
  await forEachBounded(
    files,
    UPLOAD_CONCURRENCY,
    async (file) => {
      const uploadedAt = ctx.clock.now();
      try {
        const sha256 = await putFile(ctx, bucket.bucket, bucket.owner, file);
        uploaded.push({ ...file, sha256, uploadedAt });
        ctx.events.emit({
          type: "data",
          topic: "uploaded",
          message: `uploaded ${file.path} -> s3://${bucket.bucket}/${file.key} (${formatBytes(file.size)})`,
          data: { file: file.path, bucket: bucket.bucket, key: file.key, size: file.size, sha256 },
        });
      } catch (error) {
        if (!ctx.signal.aborted) failed.push(`uploading ${file.path} failed: ${failureText(error)}`);
      }
    },
    ctx.signal,
  );
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const uploadedData = uploaded.map(({ path, key, size, sha256 }) => ({ file: path, key, size, sha256 }));
  if (failed.length > 0) {
    return {
      ok: false,
      summary: `uploaded ${uploaded.length} of ${plural(files.length, "file")}: ${failed[0]}${failed.length > 1 ? ` (and ${failed.length - 1} more failures)` : ""}`,
      data: { bucket: bucket.bucket, files: uploadedData, failed },
    };
  }
  if (!options.wait) {
    return { ok: true, summary: `uploaded ${plural(uploaded.length, "file")} to s3://${bucket.bucket}/${UPLOADS_PREFIX}`, data: { bucket: bucket.bucket, files: uploadedData } };
  }

  const wrong: string[] = [];
  const results: Record<string, unknown>[] = [];
  const byKey = new Map(uploaded.map((file) => [file.key, file]));
  const traced = uploaded.flatMap((file) =>
    [...followers.keys()].filter((consumer) => filterMatches(pipeline.config.consumerSpecs[consumer]!.filter, file.key)).map((consumer) => ({ consumer, subject: file.key, file })),
  );
  const tracing = awaitTraces(ctx, followers, traced, {
    timeoutMs: options.timeoutMs,
    onTrace: ({ consumer, file }, line, record) => {
      if (record.outcome !== "ok") wrong.push(`${consumer} ${tracedRecordText(line, record)}`);
      ctx.events.emit({
        type: "data",
        topic: "result",
        message: `${consumer.padEnd(9)} ${tracedRecordText(line, record)}`,
        data: { consumer, file: file.path, key: file.key, ok: record.outcome === "ok", record, ...(line.error ? { error: line.error } : {}) },
      });
      results.push({ consumer, key: file.key, ok: record.outcome === "ok" });
    },
  });
  const outcome = await awaitResults(ctx, bucket, uploaded.flatMap(resultKeys), {
    timeoutMs: options.timeoutMs,
    onResult: ({ consumer, resultKey, file }, read) => {
      const local = byKey.get(file.key)!;
      const problem = "unreadable" in read ? read.unreadable : checkObjectResult(consumer, local, read.result);
      if (problem) wrong.push(`${consumer} result for ${file.key}: ${problem}`);
      const message = "result" in read ? resultText(read.result) : `${file.key}: unreadable result (${read.unreadable})`;
      ctx.events.emit({
        type: "data",
        topic: "result",
        message: `${consumer.padEnd(9)} ${message}${problem ? ` - WRONG: ${problem}` : ""}`,
        data: { consumer, file: local.path, key: file.key, resultKey, ok: !problem, ...("result" in read ? { result: read.result } : { problem }) },
      });
      results.push({ consumer, key: file.key, resultKey, ok: !problem });
    },
  });
  const tracedOutcome = await tracing;
  if (outcome.interrupted || tracedOutcome.interrupted) throw ctx.signal.reason;
  const data = {
    bucket: bucket.bucket,
    files: uploadedData,
    results,
    missing: [...outcome.missing.map(({ consumer, resultKey }) => ({ consumer, resultKey })), ...tracedOutcome.missing.map(({ consumer, subject }) => ({ consumer, key: subject }))],
  };
  const expected = uploaded.length * builtins.length + traced.length;
  if (outcome.missing.length === 0 && tracedOutcome.missing.length === 0 && wrong.length === 0) {
    const who = traced.length < uploaded.length * followers.size ? "every consumer whose filter matches it" : consumers.length === 2 ? "both consumers" : `all ${consumers.length} consumers`;
    return { ok: true, summary: `uploaded ${plural(uploaded.length, "file")}; ${who} processed each one (${expected} results, all correct)`, data };
  }
  const problems = [
    ...wrong,
    ...outcome.missing.map(({ consumer, file }) => `no ${consumer} result for ${file.key} within ${formatMs(options.timeoutMs)}`),
    ...tracedOutcome.missing.map(({ consumer, file }) => `no trace of ${consumer} processing ${file.key} within ${formatMs(options.timeoutMs)}`),
  ];
  const hint = outcome.missing.length > 0 ? " (see eda logs and eda dlq list)" : "";
  return { ok: false, summary: `uploaded ${plural(uploaded.length, "file")}, but ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ""}${hint}`, data };
}

/** `--prefix a/b` -> `uploads/a/b/`; no prefix -> `uploads/`. */
function uploadPrefix(prefix: string | undefined): string {
  const folder = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  if (folder.split("/").some((part) => part === "." || part === "..")) {
    throw new UsageError(`invalid --prefix "${prefix}": "." and ".." are not folder names in S3 keys`);
  }
  return folder === "" ? UPLOADS_PREFIX : `${UPLOADS_PREFIX}${folder}/`;
}

/** Every file must exist, be a readable regular file and fit a single PutObject; keys must not collide. */
export async function checkFiles(paths: readonly string[], prefix: string): Promise<LocalFile[]> {
  if (paths.length === 0) throw new UsageError("no files given: eda upload FILE...");
  const files: LocalFile[] = [];
  const byKey = new Map<string, string>();
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") throw new UsageError(`${path} does not exist`);
      if (code === "EACCES") throw new UsageError(`${path} cannot be read: permission denied`);
      throw new UsageError(`${path} cannot be read: ${(error as Error).message}`);
    }
    if (info.isDirectory()) throw new UsageError(`${path} is a directory: eda upload takes files (for a folder's files: eda upload ${path.replace(/\/+$/, "")}/*)`);
    if (!info.isFile()) throw new UsageError(`${path} is not a regular file`);
    try {
      await access(path, constants.R_OK);
      // access() trusts the mode bits; opening proves it (root, ACLs).
      await (await open(path, "r")).close();
    } catch {
      throw new UsageError(`${path} cannot be read: permission denied`);
    }
    if (info.size > MAX_SINGLE_PUT_BYTES) throw new UsageError(`${path}: ${singlePutLimitText(info.size)}`);
    const key = `${prefix}${basename(path)}`;
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new UsageError(`${path}: the key ${key} is longer than S3's 1024 bytes`);
    const other = byKey.get(key);
    if (other !== undefined) throw new UsageError(`${other} and ${path} would both be uploaded as ${key}: upload them separately with different --prefix values`);
    byKey.set(key, path);
    files.push({ path, key, size: info.size });
  }
  return files;
}

/** Uploads one file and returns its SHA-256 (hex), computed from the bytes sent. */
async function putFile(ctx: CoreContext, bucket: string, owner: string, file: LocalFile): Promise<string> {
  const hash = createHash("sha256");
  let body: Buffer | PassThrough;
  if (file.size <= IN_MEMORY_LIMIT) {
    body = await readFile(file.path);
    hash.update(body);
  } else {
    body = new PassThrough();
    const source = createReadStream(file.path);
    source.on("data", (chunk) => hash.update(chunk));
    source.on("error", (error) => (body as PassThrough).destroy(error));
    source.pipe(body);
  }
  await ctx.clients.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: file.key,
      Body: body,
      ContentLength: file.size,
      ContentType: contentTypeFor(file.path),
      ExpectedBucketOwner: owner,
    }),
    { abortSignal: ctx.signal },
  );
  return hash.digest("hex");
}

const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".log": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".html": "text/html; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
};

/** A content type from the extension, so the inventory consumer reports text as text; S3's default otherwise. */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
