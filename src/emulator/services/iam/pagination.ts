/** IAM list pagination: MaxItems (1-1000, default 100) and an opaque Marker. */
import { AwsError } from "../../errors.js";
import { validationError } from "./errors.js";

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** `keyOf` must be unique and stable for the list's order (a name). */
export function paginate<T>(all: T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const limit = maxItems ?? 100;
  if (limit < 1 || limit > 1000) {
    throw validationError("maxItems", String(limit), limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1000");
  }
  let start = 0;
  if (marker !== undefined) {
    const key = decodeMarker(marker);
    start = all.findIndex((item) => keyOf(item) === key);
    if (start < 0) throw new AwsError("InvalidInputException", "Invalid Marker.");
  }
  const items = all.slice(start, start + limit);
  const next = all[start + limit];
  return next === undefined ? { items, IsTruncated: false } : { items, IsTruncated: true, Marker: encodeMarker(keyOf(next)) };
}

function encodeMarker(key: string): string {
  return Buffer.from(`eda:${key}`).toString("base64");
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, "base64").toString("utf8");
  if (!text.startsWith("eda:")) throw new AwsError("InvalidInputException", "Invalid Marker.");
  return text.slice(4);
}
