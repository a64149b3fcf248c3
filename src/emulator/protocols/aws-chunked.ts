/**
 * S3's aws-chunked content encoding: `<hex size>[;chunk-signature=...]\r\n
 * <data>\r\n ... 0\r\n<trailer headers>\r\n\r\n`. The SDK sends streaming
 * bodies this way with a CRC32 trailer; the object is the decoded data.
 */
export interface DecodedChunks {
  data: Buffer;
  trailers: Record<string, string>;
}

export class ChunkedEncodingError extends Error {}

export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd === -1) throw new ChunkedEncodingError("Incomplete chunk header.");
    const header = body.subarray(offset, lineEnd).toString("latin1");
    const size = parseInt(header.split(";")[0]!, 16);
    if (!Number.isFinite(size) || size < 0) throw new ChunkedEncodingError(`Invalid chunk size "${header}".`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw new ChunkedEncodingError("Chunk is longer than the body.");
    parts.push(body.subarray(offset, offset + size));
    offset += size;
    if (body.subarray(offset, offset + 2).toString("latin1") !== "\r\n") {
      throw new ChunkedEncodingError("Chunk data is not followed by CRLF.");
    }
    offset += 2;
  }
  while (offset < body.length) {
    const lineEnd = body.indexOf("\r\n", offset);
    const line = body.subarray(offset, lineEnd === -1 ? body.length : lineEnd).toString("latin1");
    offset = lineEnd === -1 ? body.length : lineEnd + 2;
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  return (
    (headers["content-encoding"] ?? "").split(",").some((e) => e.trim() === "aws-chunked") ||
    (headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-")
  );
}
