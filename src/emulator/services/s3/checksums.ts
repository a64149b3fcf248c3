/**
 * Object digests: ETags (quoted MD5 for single PUTs, §2.3's
 * md5-of-part-md5s plus "-<parts>" for multipart uploads) and CRC32
 * checksums (base64 of the big-endian CRC32, like `x-amz-checksum-crc32`).
 */
import { hash } from "node:crypto";
import { crc32 } from "node:zlib";

export function md5Hex(data: Uint8Array): string {
  return hash("md5", data, "hex");
}

export function quote(etag: string): string {
  return `"${etag}"`;
}

/** ETags compare without their quotes (clients send both forms in If-Match and part lists). */
export function unquote(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
}

export function crc32Base64(data: Uint8Array): string {
  const digest = Buffer.alloc(4);
  digest.writeUInt32BE(crc32(data) >>> 0);
  return digest.toString("base64");
}

/** The multipart ETag: hex MD5 of the concatenated binary part MD5s, then "-" and the part count. */
export function multipartEtag(partMd5Hexes: readonly string[]): string {
  const joined = Buffer.concat(partMd5Hexes.map((hex) => Buffer.from(hex, "hex")));
  return `${md5Hex(joined)}-${partMd5Hexes.length}`;
}

/** A COMPOSITE multipart checksum: the CRC32 of the concatenated binary part CRC32s, then "-" and the part count. */
export function compositeCrc32(partChecksums: readonly string[]): string {
  const joined = Buffer.concat(partChecksums.map((value) => Buffer.from(value, "base64")));
  return `${crc32Base64(joined)}-${partChecksums.length}`;
}
