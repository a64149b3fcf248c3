/**
 * Range and PartNumber reads. Range GETs: one `bytes=` range (first-last, first-, or -suffix). A
 * syntactically invalid or multi-range header is ignored and the whole
 * object is sent; a range starting past the end is 416 InvalidRange.
 */
import { AwsError } from "../../errors.js";

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * The bytes of part `partNumber` of an object (an object not assembled from
 * parts is one part), as recorded on AWS (localstack
 * tests/aws/services/s3/test_s3.snapshot.json "test_get_object_part"): 206 with
 * Content-Range, InvalidPartNumber 416 past the last part, and a Range header
 * alongside is InvalidRequest.
 */
export function partRange(partNumber: number, partSizes: readonly number[] | undefined, size: number, rangeHeader: string | undefined): ByteRange | undefined {
  if (rangeHeader !== undefined) {
    throw new AwsError("InvalidRequest", "Cannot specify both Range header and partNumber query parameter", { status: 400 });
  }
  const sizes = partSizes ?? [size];
  if (partNumber < 1 || partNumber > sizes.length) {
    throw new AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", {
      status: 416,
      fields: { PartNumberRequested: String(partNumber), ActualPartCount: String(sizes.length) },
    });
  }
  const start = sizes.slice(0, partNumber - 1).reduce((sum, part) => sum + part, 0);
  const partSize = sizes[partNumber - 1]!;
  // An empty object has no byte to point at: it is read whole.
  return partSize === 0 ? undefined : { start, end: start + partSize - 1 };
}

export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

function invalidRange(header: string, size: number): AwsError {
  return new AwsError("InvalidRange", "The requested range is not satisfiable", {
    status: 416,
    fields: { RangeRequested: header, ActualObjectSize: String(size) },
    headers: { "content-range": `bytes */${size}` },
  });
}
