/**
 * S3 event keys are form-encoded: space arrives as `+`, `+` as `%2B`, other
 * reserved characters percent-encoded (and `/` either literal or `%2F`).
 * Using the raw key in GetObject gives NoSuchKey, so decode it first.
 */
export function decodeS3EventKey(encodedKey: string): string {
  return decodeURIComponent(encodedKey.replace(/\+/g, " "));
}
