/**
 * Listings while a bucket keeps changing: keys created between listings (in
 * any order, some above U+FFFF), deleted, and created again must list
 * exactly once each, in UTF-8 byte order, through every way of paging.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";

const BUCKET = "changing-bucket";

describe("S3 listings of a changing bucket", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  /** What the bucket holds, as the test expects it. */
  const present = new Set<string>();

  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  after(async () => {
    s3.destroy();
    await emulator.stop();
  });

  const expected = (prefix = "") => [...present].filter((key) => key.startsWith(prefix)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  async function put(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }))));
    for (const key of keys) present.add(key);
  }

  /** Every key under `prefix`, paged `pageSize` at a time with continuation tokens. */
  async function listAll(prefix: string, pageSize: number): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, MaxKeys: pageSize, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  it("lists keys written since the last listing in their place", async () => {
    await put("results/b/2.json", "uploads/b/2", "uploads/a/1");
    assert.deepEqual(await listAll("", 1000), expected());
    await put("uploads/\u{1f600}", "uploads/\uffff", "results/a/1.json", "uploads/a/0", "uploads/c", "uploads/a/10");
    assert.deepEqual(await listAll("", 1000), expected());
    assert.deepEqual(await listAll("uploads/", 2), expected("uploads/"));
    assert.deepEqual(await listAll("results/", 1), expected("results/"));
  });

  it("drops deleted keys and lists a key created again once", async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "uploads/a/1" }));
    await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "uploads/c" }, { Key: "results/a/1.json" }] } }));
    for (const key of ["uploads/a/1", "uploads/c", "results/a/1.json"]) present.delete(key);
    assert.deepEqual(await listAll("", 3), expected());

    await put("uploads/a/1");
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "uploads/a/0" }));
    present.delete("uploads/a/0");
    await put("uploads/a/0", "uploads/a/00");
    assert.deepEqual(await listAll("", 1000), expected());
    assert.deepEqual(await listAll("uploads/a/", 1), expected("uploads/a/"));
  });

  it("starts after StartAfter and Marker, and lists nothing past the prefix", async () => {
    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "uploads/", StartAfter: "uploads/a/10" }));
    assert.deepEqual(after.Contents?.map((object) => object.Key), ["uploads/b/2", "uploads/\uffff", "uploads/\u{1f600}"]);
    const beforePrefix = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "uploads/b/", StartAfter: "results/zzz" }));
    assert.deepEqual(beforePrefix.Contents?.map((object) => object.Key), ["uploads/b/2"]);
    const pastPrefix = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "results/", StartAfter: "uploads/" }));
    assert.equal(pastPrefix.KeyCount, 0);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: "uploads/", Delimiter: "/", Marker: "uploads/a/" }));
    assert.deepEqual(v1.CommonPrefixes?.map((prefix) => prefix.Prefix), ["uploads/b/"]);
    assert.deepEqual(v1.Contents?.map((object) => object.Key), ["uploads/\uffff", "uploads/\u{1f600}"]);
  });
});
