/**
 * Multipart uploads over HTTP with the SDK v3 S3Client: the multipart ETag
 * of §2.3, the rules CompleteMultipartUpload enforces, listing and aborting
 * uploads, and the COMPOSITE CRC32 checksum.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { crc32 } from "node:zlib";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";

const MIB = 1024 * 1024;

async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name);
    assert.equal(error.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe("S3 multipart uploads", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    await s3.send(new CreateBucketCommand({ Bucket: "multipart" }));
  });
  after(async () => {
    await emulator.stop();
  });

  async function start(key: string, extra: Partial<ConstructorParameters<typeof CreateMultipartUploadCommand>[0]> = {}): Promise<string> {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: "multipart", Key: key, ...extra }));
    assert.ok(created.UploadId);
    return created.UploadId;
  }

  async function part(key: string, uploadId: string, partNumber: number, body: Buffer) {
    const uploaded = await s3.send(new UploadPartCommand({ Bucket: "multipart", Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body }));
    return { PartNumber: partNumber, ETag: uploaded.ETag!, ChecksumCRC32: uploaded.ChecksumCRC32 };
  }

  it("assembles the parts and answers the multipart ETag (MD5 of the part MD5s, then -<parts>)", async () => {
    const uploadId = await start("big.bin", { ContentType: "application/x-big", Metadata: { kind: "vector" } });
    const parts = [await part("big.bin", uploadId, 1, Buffer.alloc(5 * MIB, "a")), await part("big.bin", uploadId, 2, Buffer.from("bbbbbbbbbb"))];
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: "multipart", Key: "big.bin", UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    assert.equal(done.ETag, '"8b0be7847da5564ae08e97af63b60885-2"');
    assert.equal(done.Key, "big.bin");
    const head = await s3.send(new HeadObjectCommand({ Bucket: "multipart", Key: "big.bin" }));
    assert.equal(head.ContentLength, 5 * MIB + 10);
    assert.equal(head.ETag, '"8b0be7847da5564ae08e97af63b60885-2"');
    assert.equal(head.ContentType, "application/x-big");
    assert.deepEqual(head.Metadata, { kind: "vector" });
    const tail = await s3.send(new GetObjectCommand({ Bucket: "multipart", Key: "big.bin", Range: `bytes=${5 * MIB - 2}-${5 * MIB + 1}` }));
    assert.equal(await tail.Body!.transformToString(), "aabb");
    await rejectsWith(s3.send(new ListPartsCommand({ Bucket: "multipart", Key: "big.bin", UploadId: uploadId })), "NoSuchUpload", 404);
  });

  it("refuses parts under 5 MiB except the last with EntityTooSmall", async () => {
    const uploadId = await start("small-parts");
    const parts = [await part("small-parts", uploadId, 1, Buffer.from("tiny")), await part("small-parts", uploadId, 2, Buffer.from("end"))];
    await rejectsWith(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: "multipart", Key: "small-parts", UploadId: uploadId, MultipartUpload: { Parts: parts } })),
      "EntityTooSmall",
      400,
    );
    const single = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: "multipart", Key: "small-parts", UploadId: uploadId, MultipartUpload: { Parts: [parts[0]!] } }),
    );
    assert.match(single.ETag!, /^"[0-9a-f]{32}-1"$/, "a single small part is fine: it is the last");
  });

  it("refuses unknown parts, wrong ETags and parts out of order", async () => {
    const uploadId = await start("checked-parts");
    const first = await part("checked-parts", uploadId, 1, Buffer.alloc(5 * MIB, "x"));
    const second = await part("checked-parts", uploadId, 2, Buffer.from("y"));
    const complete = (parts: { PartNumber: number; ETag: string }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: "multipart", Key: "checked-parts", UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    await rejectsWith(complete([first, { PartNumber: 3, ETag: second.ETag }]), "InvalidPart", 400);
    await rejectsWith(complete([first, { PartNumber: 2, ETag: '"00000000000000000000000000000000"' }]), "InvalidPart", 400);
    await rejectsWith(complete([second, first]), "InvalidPartOrder", 400);
    await complete([first, second]);
  });

  it("lists uploads and parts, and forgets an aborted upload", async () => {
    const one = await start("listed/one");
    const two = await start("listed/two");
    await part("listed/one", one, 1, Buffer.from("p1"));
    await part("listed/one", one, 2, Buffer.from("p2"));
    await part("listed/one", one, 3, Buffer.from("p3"));
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: "multipart", Prefix: "listed/" }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [["listed/one", one], ["listed/two", two]]);
    const page = await s3.send(new ListPartsCommand({ Bucket: "multipart", Key: "listed/one", UploadId: one, MaxParts: 2 }));
    assert.deepEqual(page.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 2], [2, 2]]);
    assert.equal(page.IsTruncated, true);
    const rest = await s3.send(new ListPartsCommand({ Bucket: "multipart", Key: "listed/one", UploadId: one, PartNumberMarker: page.NextPartNumberMarker }));
    assert.deepEqual(rest.Parts?.map((p) => p.PartNumber), [3]);
    const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket: "multipart", Key: "listed/one", UploadId: one }));
    assert.equal(aborted.$metadata.httpStatusCode, 204);
    await rejectsWith(s3.send(new UploadPartCommand({ Bucket: "multipart", Key: "listed/one", UploadId: one, PartNumber: 4, Body: "x" })), "NoSuchUpload", 404);
    const left = await s3.send(new ListMultipartUploadsCommand({ Bucket: "multipart", Prefix: "listed/" }));
    assert.deepEqual(left.Uploads?.map((u) => u.Key), ["listed/two"]);
    await rejectsWith(s3.send(new UploadPartCommand({ Bucket: "multipart", Key: "listed/two", UploadId: two, PartNumber: 10_001, Body: "x" })), "InvalidArgument", 400);
  });

  it("gives CRC32 uploads a COMPOSITE checksum (CRC32 of the part CRC32s, -<parts>) that reads return", async () => {
    const uploadId = await start("crc.bin", { ChecksumAlgorithm: "CRC32" });
    const parts = [await part("crc.bin", uploadId, 1, Buffer.alloc(5 * MIB, "c")), await part("crc.bin", uploadId, 2, Buffer.from("tail"))];
    assert.ok(parts.every((p) => p.ChecksumCRC32), "the SDK sends and the emulator echoes each part's CRC32");
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: "multipart", Key: "crc.bin", UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    const partCrcs = Buffer.concat(parts.map((p) => Buffer.from(p.ChecksumCRC32!, "base64")));
    const expected = Buffer.alloc(4);
    expected.writeUInt32BE(crc32(partCrcs) >>> 0);
    assert.equal(done.ChecksumCRC32, `${expected.toString("base64")}-2`);
    assert.equal(done.ChecksumType, "COMPOSITE");
    const read = await s3.send(new GetObjectCommand({ Bucket: "multipart", Key: "crc.bin", ChecksumMode: "ENABLED" }));
    assert.equal(read.ChecksumCRC32, done.ChecksumCRC32);
    assert.equal((await read.Body!.transformToByteArray()).length, 5 * MIB + 4);
  });
});
