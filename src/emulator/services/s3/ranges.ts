/**
 * Range GETs: one `bytes=` range (first-last, first-, or -suffix). A
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
