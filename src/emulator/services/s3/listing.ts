/**
 * The listing rules shared by ListObjects(V2), ListObjectVersions and
 * ListMultipartUploads: UTF-8 byte order, prefix filtering, delimiter
 * roll-up into CommonPrefixes (each counting as one entry), page size and
 * truncation, markers that resume after a key or after a whole common prefix.
 */
import type { EncodingType } from "@aws-sdk/client-s3";
import { invalidArgument } from "./errors.js";

/**
 * S3 lists keys in UTF-8 binary order, which is code point order. JS strings
 * compare by UTF-16 code unit, which agrees except that surrogates (code
 * points above U+FFFF) sort before U+E000..U+FFFF: those two ranges swap.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

/** Surrogates move above U+E000..U+FFFF. */
function codePointRank(codeUnit: number): number {
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

/** The index of the first of `sorted` (in compareKeys order) that is not before `key`. */
export function firstIndexNotBefore(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(sorted[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

const MAX_LIST_KEYS = 1000;

/** MaxKeys beyond 1,000 is silently capped; negative values are refused. */
export function pageSize(requested: number | undefined, name = "max-keys"): number {
  if (requested === undefined) return MAX_LIST_KEYS;
  if (!Number.isInteger(requested) || requested < 0) {
    throw invalidArgument("Provided max-keys not an integer or within integer range", name, String(requested));
  }
  return Math.min(requested, MAX_LIST_KEYS);
}

export interface ListingOptions {
  prefix: string;
  delimiter: string | undefined;
  maxEntries: number;
}

export type ListingEntry<T> = { kind: "item"; key: string; item: T } | { kind: "prefix"; prefix: string };

export interface ListingPage<T> {
  entries: ListingEntry<T>[];
  truncated: boolean;
}

/** The common prefix a key rolls up into, if any. */
function commonPrefixOf(key: string, options: Pick<ListingOptions, "prefix" | "delimiter">): string | undefined {
  if (!options.delimiter) return undefined;
  const index = key.indexOf(options.delimiter, options.prefix.length);
  return index === -1 ? undefined : key.slice(0, index + options.delimiter.length);
}

/**
 * True when `key` comes after the marker. A marker that is itself a common
 * prefix (how a page that ended on a CommonPrefix resumes) also skips every
 * key under it.
 */
export function isAfterMarker(key: string, marker: string | undefined, options: Pick<ListingOptions, "prefix" | "delimiter">): boolean {
  if (marker === undefined || marker === "") return true;
  if (compareKeys(key, marker) <= 0) return false;
  return !(commonPrefixOf(marker, options) === marker && key.startsWith(marker));
}

/** Pages `candidates` (sorted, already past the marker), rolling keys up under the delimiter. */
export function paginate<T>(candidates: Iterable<{ key: string; item: T }>, options: ListingOptions): ListingPage<T> {
  const entries: ListingEntry<T>[] = [];
  // A zero page size answers an empty, untruncated page (there is nothing to resume from).
  if (options.maxEntries === 0) return { entries, truncated: false };
  let lastPrefix: string | undefined;
  for (const candidate of candidates) {
    if (!candidate.key.startsWith(options.prefix)) continue;
    const prefix = commonPrefixOf(candidate.key, options);
    if (prefix !== undefined && prefix === lastPrefix) continue;
    if (entries.length === options.maxEntries) return { entries, truncated: true };
    if (prefix !== undefined) {
      lastPrefix = prefix;
      entries.push({ kind: "prefix", prefix });
    } else {
      entries.push({ kind: "item", key: candidate.key, item: candidate.item });
    }
  }
  return { entries, truncated: false };
}

/** Where the next page starts: the last key or common prefix of this one. */
export function lastMarker<T>(page: ListingPage<T>): string | undefined {
  const last = page.entries.at(-1);
  if (!last) return undefined;
  return last.kind === "item" ? last.key : last.prefix;
}

/**
 * `encoding-type=url`: S3 URL-encodes keys and prefixes in the answer so
 * that control characters survive XML. Slashes stay readable.
 */
export function encodeListed(value: string, encodingType: EncodingType | string | undefined): string;
export function encodeListed(value: string | undefined, encodingType: EncodingType | string | undefined): string | undefined;
export function encodeListed(value: string | undefined, encodingType: EncodingType | string | undefined): string | undefined {
  if (value === undefined || encodingType !== "url") return value;
  return encodeURIComponent(value).replace(/%2F/g, "/");
}

export function assertEncodingType(encodingType: string | undefined): void {
  if (encodingType !== undefined && encodingType !== "url") {
    throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
  }
}

/** Continuation tokens are opaque to clients; this one carries the marker to resume after. */
export function continuationToken(marker: string): string {
  return Buffer.from(`eda1:${marker}`, "utf8").toString("base64url");
}

export function markerFromToken(token: string): string {
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (!text.startsWith("eda1:")) {
    throw invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
  }
  return text.slice("eda1:".length);
}
