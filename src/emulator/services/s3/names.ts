/**
 * Naming rules for general purpose buckets (S3 user guide, "General purpose
 * bucket naming rules") and the object key length limit.
 */
import { AwsError } from "../../errors.js";

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
const MAX_KEY_BYTES = 1024;

function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes("..")) return false;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return false;
  if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return false;
  if (RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  return true;
}

export function assertValidBucketName(name: string): void {
  if (!isValidBucketName(name)) {
    throw new AwsError("InvalidBucketName", "The specified bucket is not valid.", { status: 400, fields: { BucketName: name } });
  }
}

/** Keys are at most 1,024 bytes of UTF-8. */
export function assertValidKey(key: string): void {
  const size = Buffer.byteLength(key, "utf8");
  if (size > MAX_KEY_BYTES) {
    throw new AwsError("KeyTooLongError", "Your key is too long", {
      status: 400,
      fields: { Size: String(size), MaxSizeAllowed: String(MAX_KEY_BYTES) },
    });
  }
}
