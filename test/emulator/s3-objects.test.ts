/**
 * S3 objects over HTTP with the SDK v3 S3Client: writes and reads with their
 * headers, ranges, conditions, integrity checks (aws-chunked uploads with
 * CRC32 trailers, Content-MD5), deletes, copies, listings and versioning,
 * in both addressing styles.
 */
import assert from "node:assert/strict";
import { Agent, request as httpRequest } from "node:http";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { s3Store } from "../../src/emulator/services/s3/store.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";
import { signedFetch, signedHeaders } from "../helpers/signed-fetch.js";

const HELLO_MD5 = "5d41402abc4b2a76b9719d911017c592";
const HELLO_CRC32 = "NhCmhg==";

async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name);
    assert.equal(error.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe("S3 objects", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    for (const bucket of ["objects", "listing", "versions", "addressing"]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    await emulator.stop();
  });

  async function text(bucket: string, key: string, extra: Partial<ConstructorParameters<typeof GetObjectCommand>[0]> = {}) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
    return { response, body: await response.Body!.transformToString() };
  }

  describe("PutObject, GetObject, HeadObject", () => {
    it("stores the body with user metadata and answers ETag (quoted MD5), SSE AES256, Last-Modified and the metadata", async () => {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: "objects", Key: "hello.txt", Body: "hello", ContentType: "text/plain", Metadata: { colour: "red", "two-words": "a b" } }),
      );
      assert.equal(put.ETag, `"${HELLO_MD5}"`);
      assert.equal(put.ServerSideEncryption, "AES256");
      assert.equal(put.VersionId, undefined, "no version id on an unversioned bucket");
      const { response, body } = await text("objects", "hello.txt");
      assert.equal(body, "hello");
      assert.equal(response.ContentType, "text/plain");
      assert.equal(response.ContentLength, 5);
      assert.equal(response.ETag, `"${HELLO_MD5}"`);
      assert.deepEqual(response.Metadata, { colour: "red", "two-words": "a b" });
      assert.equal(response.ServerSideEncryption, "AES256");
      assert.ok(response.LastModified instanceof Date && response.LastModified.getMilliseconds() === 0);
      const head = await s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "hello.txt" }));
      assert.equal(head.ContentLength, 5);
      assert.equal(head.ETag, `"${HELLO_MD5}"`);
      assert.deepEqual(head.Metadata, { colour: "red", "two-words": "a b" });
    });

    it("defaults Content-Type to binary/octet-stream when the request names none", async () => {
      const put = await signedFetch(emulator.endpoint, {
        service: "s3",
        method: "PUT",
        path: "/objects/untyped",
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
        body: "data",
      });
      assert.equal(put.status, 200);
      const head = await s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "untyped" }));
      assert.equal(head.ContentType, "binary/octet-stream");
    });

    it("answers NoSuchKey for a missing key, and a bodiless 404 (NotFound) for HeadObject", async () => {
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: "objects", Key: "missing" })), "NoSuchKey", 404);
      await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "missing" })), "NotFound", 404);
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: "no-bucket-by-that-name", Key: "k" })), "NoSuchBucket", 404);
    });

    it("serves byte ranges with 206 and Content-Range, and 416 InvalidRange past the end", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "digits", Body: "0123456789" }));
      const middle = await text("objects", "digits", { Range: "bytes=2-4" });
      assert.equal(middle.body, "234");
      assert.equal(middle.response.$metadata.httpStatusCode, 206);
      assert.equal(middle.response.ContentRange, "bytes 2-4/10");
      assert.equal(middle.response.ContentLength, 3);
      assert.equal((await text("objects", "digits", { Range: "bytes=-3" })).body, "789");
      assert.equal((await text("objects", "digits", { Range: "bytes=7-" })).body, "789");
      assert.equal((await text("objects", "digits", { Range: "bytes=8-100" })).body, "89");
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: "objects", Key: "digits", Range: "bytes=10-" })), "InvalidRange", 416);
    });

    it("honours If-Match / If-None-Match / If-Modified-Since on reads and If-None-Match: * on writes", async () => {
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: "objects", Key: "hello.txt", IfMatch: '"0000"' })), "PreconditionFailed", 412);
      assert.equal((await text("objects", "hello.txt", { IfMatch: `"${HELLO_MD5}"` })).body, "hello");
      await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "objects", Key: "hello.txt", IfNoneMatch: `"${HELLO_MD5}"` })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.$metadata.httpStatusCode, 304);
        return true;
      });
      const future = new Date(Date.now() + 3_600_000);
      await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "hello.txt", IfModifiedSince: future })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.$metadata.httpStatusCode, 304);
        return true;
      });
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: "objects", Key: "hello.txt", Body: "again", IfNoneMatch: "*" })), "PreconditionFailed", 412);
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "fresh-only", Body: "first", IfNoneMatch: "*" }));
    });

    it("refuses keys over 1,024 UTF-8 bytes with KeyTooLongError", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "k".repeat(1024), Body: "x" }));
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: "objects", Key: "é".repeat(513), Body: "x" })), "KeyTooLongError", 400);
    });

    it("refuses a declared body over the single-PUT limit with EntityTooLarge, without reading it", async () => {
      const url = new URL(emulator.endpoint);
      const headers = await signedHeaders(emulator.endpoint, {
        service: "s3",
        method: "PUT",
        path: "/objects/huge",
        headers: { "content-length": String(2 * 1024 * 1024 * 1024), "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      });
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({
          host: url.hostname,
          port: url.port,
          method: "PUT",
          path: "/objects/huge",
          headers,
        });
        req.on("response", (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.write("partial");
      });
      assert.equal(answer.status, 400);
      assert.match(answer.body, /<Code>EntityTooLarge<\/Code>/);
    });
  });

  describe("integrity", () => {
    it("de-chunks an aws-chunked Readable upload with a CRC32 trailer, stores the right bytes and echoes the checksum", async () => {
      const sent: Record<string, string>[] = [];
      const spying = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
      spying.middlewareStack.add(
        (next) => async (args) => {
          sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
          return next(args);
        },
        { step: "finalizeRequest", name: "requestSpy" },
      );
      const put = await spying.send(
        new PutObjectCommand({ Bucket: "objects", Key: "streamed", Body: Readable.from([Buffer.from("hel"), Buffer.from("lo")]), ContentLength: 5 }),
      );
      assert.equal(sent[0]!["content-encoding"], "aws-chunked");
      assert.equal(sent[0]!["x-amz-trailer"], "x-amz-checksum-crc32");
      assert.equal(put.ETag, `"${HELLO_MD5}"`, "the ETag is the MD5 of the decoded bytes");
      assert.equal(put.ChecksumCRC32, HELLO_CRC32);
      const { response, body } = await text("objects", "streamed", { ChecksumMode: "ENABLED" });
      assert.equal(body, "hello");
      assert.equal(response.ChecksumCRC32, HELLO_CRC32);
      assert.equal(response.ChecksumType, "FULL_OBJECT");
    });

    it("sends the stored CRC32 only when asked, and the SDK validates it against the body", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "checked", Body: "hello" }));
      const notAsking = new S3Client(clientConfig(emulator, { forcePathStyle: true, responseChecksumValidation: "WHEN_REQUIRED" }));
      const plain = await notAsking.send(new GetObjectCommand({ Bucket: "objects", Key: "checked" }));
      assert.equal(plain.ChecksumCRC32, undefined);
      assert.equal((await text("objects", "checked", { ChecksumMode: "ENABLED" })).response.ChecksumCRC32, HELLO_CRC32);
      s3Store(emulator.hub).buckets.get("objects")!.current("checked")!.checksum!.crc32 = "AAAAAA==";
      const corrupted = await s3.send(new GetObjectCommand({ Bucket: "objects", Key: "checked", ChecksumMode: "ENABLED" }));
      await assert.rejects(corrupted.Body!.transformToString(), /Checksum mismatch/);
    });

    it("refuses a wrong CRC32 and a wrong or malformed Content-MD5", async () => {
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: "objects", Key: "bad", Body: "hello", ChecksumCRC32: "AAAAAA==" })), "BadDigest", 400);
      await rejectsWith(
        s3.send(new PutObjectCommand({ Bucket: "objects", Key: "bad", Body: "hello", ContentMD5: Buffer.alloc(16).toString("base64") })),
        "BadDigest",
        400,
      );
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: "objects", Key: "bad", Body: "hello", ContentMD5: "bm9wZQ==" })), "InvalidDigest", 400);
      await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "bad" })), "NotFound", 404);
      const good = await s3.send(
        new PutObjectCommand({ Bucket: "objects", Key: "good", Body: "hello", ContentMD5: Buffer.from(HELLO_MD5, "hex").toString("base64") }),
      );
      assert.equal(good.ETag, `"${HELLO_MD5}"`);
    });
  });

  describe("deletes", () => {
    it("DeleteObject answers 204 whether or not the key existed", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "to-delete", Body: "x" }));
      assert.equal((await s3.send(new DeleteObjectCommand({ Bucket: "objects", Key: "to-delete" }))).$metadata.httpStatusCode, 204);
      assert.equal((await s3.send(new DeleteObjectCommand({ Bucket: "objects", Key: "to-delete" }))).$metadata.httpStatusCode, 204);
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: "objects", Key: "to-delete" })), "NoSuchKey", 404);
    });

    it("DeleteObjects reports every key as deleted (missing ones too), only errors in quiet mode, and at most 1,000 keys", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "batch/1", Body: "x" }));
      await s3.send(new PutObjectCommand({ Bucket: "objects", Key: "batch/2", Body: "x" }));
      const loud = await s3.send(new DeleteObjectsCommand({ Bucket: "objects", Delete: { Objects: [{ Key: "batch/1" }, { Key: "batch/none" }] } }));
      assert.deepEqual(loud.Deleted?.map((d) => d.Key), ["batch/1", "batch/none"]);
      assert.equal(loud.Errors, undefined);
      const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: "objects", Delete: { Objects: [{ Key: "batch/2" }], Quiet: true } }));
      assert.equal(quiet.Deleted, undefined);
      assert.equal(quiet.Errors, undefined);
      await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "batch/2" })), "NotFound", 404);
      const tooMany = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
      await rejectsWith(s3.send(new DeleteObjectsCommand({ Bucket: "objects", Delete: { Objects: tooMany } })), "MalformedXML", 400);
    });

    it("DeleteObjects without Content-MD5 or a checksum header is refused", async () => {
      const response = await signedFetch(emulator.endpoint, {
        service: "s3",
        method: "POST",
        path: "/objects",
        query: { delete: "" },
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "content-type": "application/xml" },
        body: "<Delete><Object><Key>a</Key></Object></Delete>",
      });
      assert.equal(response.status, 400);
      assert.match(await response.text(), /<Code>InvalidRequest<\/Code><Message>Missing required header for this request: Content-MD5/);
    });
  });

  describe("CopyObject", () => {
    before(async () => {
      await s3.send(
        new PutObjectCommand({ Bucket: "objects", Key: "dir/a b+c.json", Body: '{"x":1}', ContentType: "application/json", Metadata: { origin: "source" } }),
      );
    });

    it("copies body, Content-Type and metadata with MetadataDirective COPY (the default), decoding the copy source", async () => {
      const copied = await s3.send(
        new CopyObjectCommand({ Bucket: "objects", Key: "copies/one.json", CopySource: `objects/${encodeURIComponent("dir/a b+c.json")}`, Metadata: { ignored: "yes" } }),
      );
      assert.equal(copied.CopyObjectResult?.ETag, '"ac3ef48caa08fa3ed5e025da69edc645"');
      const { response, body } = await text("objects", "copies/one.json");
      assert.equal(body, '{"x":1}');
      assert.equal(response.ContentType, "application/json");
      assert.deepEqual(response.Metadata, { origin: "source" });
    });

    it("takes the request's headers and metadata with REPLACE", async () => {
      await s3.send(
        new CopyObjectCommand({
          Bucket: "objects",
          Key: "copies/two.json",
          CopySource: "/objects/dir/a%20b%2Bc.json",
          MetadataDirective: "REPLACE",
          ContentType: "text/plain",
          Metadata: { origin: "replaced" },
        }),
      );
      const head = await s3.send(new HeadObjectCommand({ Bucket: "objects", Key: "copies/two.json" }));
      assert.equal(head.ContentType, "text/plain");
      assert.deepEqual(head.Metadata, { origin: "replaced" });
    });

    it("refuses copying an object onto itself unchanged, and a missing source with NoSuchKey", async () => {
      await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: "objects", Key: "hello.txt", CopySource: "objects/hello.txt" })), "InvalidRequest", 400);
      await s3.send(new CopyObjectCommand({ Bucket: "objects", Key: "hello.txt", CopySource: "objects/hello.txt", MetadataDirective: "REPLACE", Metadata: { touched: "1" } }));
      await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: "objects", Key: "x", CopySource: "objects/none" })), "NoSuchKey", 404);
      await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: "objects", Key: "x", CopySource: "objects/hello.txt", CopySourceIfMatch: '"0"' })), "PreconditionFailed", 412);
    });
  });

  describe("ListObjectsV2", () => {
    const keys = ["a/1", "a/2", "b", "c/1", "c/d/2", "\uff21", "\u{1f600}", "space key", "z"];
    before(async () => {
      for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: "listing", Key: key, Body: key }));
    });

    it("lists keys in UTF-8 byte order with size, ETag and storage class", async () => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: "listing" }));
      const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      assert.deepEqual(listed.Contents?.map((c) => c.Key), expected);
      assert.ok(expected.indexOf("\uff21") < expected.indexOf("\u{1f600}"), "U+FF21 sorts before U+1F600 in UTF-8 (not in UTF-16)");
      assert.equal(listed.KeyCount, keys.length);
      assert.equal(listed.IsTruncated, false);
      const b = listed.Contents!.find((c) => c.Key === "b")!;
      assert.equal(b.Size, 1);
      assert.equal(b.StorageClass, "STANDARD");
      assert.match(b.ETag!, /^"[0-9a-f]{32}"$/);
    });

    it("filters by prefix and rolls keys up into CommonPrefixes under a delimiter", async () => {
      const rolled = await s3.send(new ListObjectsV2Command({ Bucket: "listing", Delimiter: "/" }));
      assert.deepEqual(rolled.CommonPrefixes?.map((p) => p.Prefix), ["a/", "c/"]);
      assert.ok(!rolled.Contents!.some((c) => c.Key!.includes("/")));
      const nested = await s3.send(new ListObjectsV2Command({ Bucket: "listing", Prefix: "c/", Delimiter: "/" }));
      assert.deepEqual(nested.Contents?.map((c) => c.Key), ["c/1"]);
      assert.deepEqual(nested.CommonPrefixes?.map((p) => p.Prefix), ["c/d/"]);
      assert.equal(nested.Prefix, "c/");
    });

    it("pages with max-keys and continuation tokens, a common prefix counting as one entry", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: "listing", Delimiter: "/", MaxKeys: 2, ContinuationToken: token }));
        pages++;
        assert.ok((page.KeyCount ?? 0) <= 2);
        seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      assert.equal(pages, 4);
      assert.deepEqual(seen.sort(), ["a/", "b", "c/", "space key", "z", "\uff21", "\u{1f600}"].sort());
      await rejectsWith(s3.send(new ListObjectsV2Command({ Bucket: "listing", ContinuationToken: "garbage" })), "InvalidArgument", 400);
    });

    it("starts after StartAfter and URL-encodes keys with encoding-type=url", async () => {
      const after = await s3.send(new ListObjectsV2Command({ Bucket: "listing", StartAfter: "c/d/2" }));
      assert.deepEqual(after.Contents?.map((c) => c.Key), ["space key", "z", "\uff21", "\u{1f600}"]);
      const encoded = await s3.send(new ListObjectsV2Command({ Bucket: "listing", Prefix: "space", EncodingType: "url" }));
      assert.deepEqual(encoded.Contents?.map((c) => c.Key), ["space%20key"]);
      assert.equal(encoded.EncodingType, "url");
    });

    it("ListObjects (v1) pages with Marker and NextMarker", async () => {
      const first = await s3.send(new ListObjectsCommand({ Bucket: "listing", Delimiter: "/", MaxKeys: 3 }));
      assert.equal(first.IsTruncated, true);
      assert.equal(first.NextMarker, "c/");
      const rest = await s3.send(new ListObjectsCommand({ Bucket: "listing", Delimiter: "/", Marker: first.NextMarker }));
      assert.deepEqual(rest.Contents?.map((c) => c.Key), ["space key", "z", "\uff21", "\u{1f600}"]);
      assert.equal(rest.IsTruncated, false);
    });
  });

  describe("versioning", () => {
    before(async () => {
      await s3.send(new PutBucketVersioningCommand({ Bucket: "versions", VersioningConfiguration: { Status: "Enabled" } }));
    });

    it("keeps every version, hides the key behind a delete marker, and brings it back when the marker is deleted", async () => {
      const v1 = await s3.send(new PutObjectCommand({ Bucket: "versions", Key: "doc", Body: "one" }));
      const v2 = await s3.send(new PutObjectCommand({ Bucket: "versions", Key: "doc", Body: "two" }));
      assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
      assert.equal((await text("versions", "doc")).body, "two");
      assert.equal((await text("versions", "doc", { VersionId: v1.VersionId })).body, "one");

      const marker = await s3.send(new DeleteObjectCommand({ Bucket: "versions", Key: "doc" }));
      assert.equal(marker.DeleteMarker, true);
      assert.ok(marker.VersionId);
      await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "versions", Key: "doc" })), (error: Error & { $response?: { headers: Record<string, string> } }) => {
        assert.equal(error.name, "NoSuchKey");
        assert.equal(error.$response?.headers["x-amz-delete-marker"], "true");
        return true;
      });
      assert.equal((await text("versions", "doc", { VersionId: v1.VersionId })).body, "one");

      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: "versions", Prefix: "doc" }));
      assert.deepEqual(listed.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, false], [v1.VersionId, false]]);
      assert.deepEqual(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [[marker.VersionId, true]]);

      const unmarked = await s3.send(new DeleteObjectCommand({ Bucket: "versions", Key: "doc", VersionId: marker.VersionId }));
      assert.equal(unmarked.DeleteMarker, true, "deleting a marker says so");
      assert.equal((await text("versions", "doc")).body, "two");
    });

    it("DeleteObjects on a versioned bucket creates markers, and deletes named versions for good", async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket: "versions", Key: "batch", Body: "x" }));
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: "versions", Delete: { Objects: [{ Key: "batch" }] } }));
      assert.equal(result.Deleted?.[0]?.DeleteMarker, true);
      assert.ok(result.Deleted?.[0]?.DeleteMarkerVersionId);
      const removed = await s3.send(
        new DeleteObjectsCommand({
          Bucket: "versions",
          Delete: { Objects: [{ Key: "batch", VersionId: put.VersionId }, { Key: "batch", VersionId: result.Deleted![0]!.DeleteMarkerVersionId }] },
        }),
      );
      assert.equal(removed.Deleted?.length, 2);
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: "versions", Prefix: "batch" }));
      assert.equal(listed.Versions, undefined);
      assert.equal(listed.DeleteMarkers, undefined);
    });

    it("pages ListObjectVersions with key and version-id markers", async () => {
      for (const body of ["1", "2", "3"]) await s3.send(new PutObjectCommand({ Bucket: "versions", Key: "paged", Body: body }));
      const first = await s3.send(new ListObjectVersionsCommand({ Bucket: "versions", Prefix: "paged", MaxKeys: 2 }));
      assert.equal(first.IsTruncated, true);
      assert.equal(first.Versions?.length, 2);
      const rest = await s3.send(
        new ListObjectVersionsCommand({ Bucket: "versions", Prefix: "paged", KeyMarker: first.NextKeyMarker, VersionIdMarker: first.NextVersionIdMarker }),
      );
      assert.equal(rest.Versions?.length, 1);
      assert.equal(rest.IsTruncated, false);
      assert.ok(!first.Versions!.some((v) => v.VersionId === rest.Versions![0]!.VersionId));
    });

    it("writes version id \"null\" while versioning is suspended", async () => {
      await s3.send(new PutBucketVersioningCommand({ Bucket: "versions", VersioningConfiguration: { Status: "Suspended" } }));
      await s3.send(new PutObjectCommand({ Bucket: "versions", Key: "suspended", Body: "a" }));
      await s3.send(new PutObjectCommand({ Bucket: "versions", Key: "suspended", Body: "b" }));
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: "versions", Prefix: "suspended" }));
      assert.deepEqual(listed.Versions?.map((v) => v.VersionId), ["null"], "the null version is replaced, not stacked");
      await s3.send(new PutBucketVersioningCommand({ Bucket: "versions", VersioningConfiguration: { Status: "Enabled" } }));
    });
  });

  describe("addressing", () => {
    it("works path-style and with the default addressing against an IP endpoint (the SDK falls back to path style)", async () => {
      const byDefault = new S3Client(clientConfig(emulator));
      await byDefault.send(new PutObjectCommand({ Bucket: "addressing", Key: "default/key", Body: "d" }));
      assert.equal((await text("addressing", "default/key")).body, "d");
    });

    it("works virtual-hosted (bucket in the Host header)", async () => {
      const port = new URL(emulator.endpoint).port;
      const hosts: string[] = [];
      // Resolve every name to loopback: <bucket>.localhost does not resolve on its own.
      const agent = new Agent({
        lookup: ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          hosts.push(hostname);
          if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
          else callback(null, "127.0.0.1", 4);
        }) as never,
      });
      const virtual = new S3Client(clientConfig(emulator, { endpoint: `http://localhost:${port}`, requestHandler: { httpAgent: agent } }));
      await virtual.send(new PutObjectCommand({ Bucket: "addressing", Key: "virtual/key", Body: "v" }));
      const read = await virtual.send(new GetObjectCommand({ Bucket: "addressing", Key: "virtual/key" }));
      assert.equal(await read.Body!.transformToString(), "v");
      const listed = await virtual.send(new ListObjectsV2Command({ Bucket: "addressing" }));
      assert.deepEqual(listed.Contents?.map((c) => c.Key), ["default/key", "virtual/key"]);
      assert.ok(hosts.includes("addressing.localhost"), `requests went to ${hosts.join(", ")}`);
      agent.destroy();
    });
  });
});
