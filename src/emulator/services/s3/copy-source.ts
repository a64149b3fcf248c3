/**
 * The x-amz-copy-source header: `[/]bucket/key[?versionId=id]`, with the
 * key URL-encoded (the SDK encodes it; the AWS CLI sends it as given).
 */
import { invalidArgument } from "./errors.js";

export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

export function parseCopySource(header: string | undefined): CopySource {
  const raw = (header ?? "").replace(/^\//, "");
  const [path = "", query] = splitOnce(raw, "?");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw invalidCopySource(header);
  }
  const [bucket = "", key = ""] = splitOnce(decoded, "/");
  if (!bucket || !key) throw invalidCopySource(header);
  const versionId = query === undefined ? undefined : new URLSearchParams(query).get("versionId") ?? undefined;
  return versionId === undefined ? { bucket, key } : { bucket, key, versionId };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + separator.length)];
}

function invalidCopySource(header: string | undefined) {
  return invalidArgument("Invalid copy source object key", "x-amz-copy-source", header ?? "");
}
