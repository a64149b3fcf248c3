/**
 * How S3 names things: bucket and object ARNs (no region or account in S3
 * ARNs), the owner's canonical user id, and version and upload ids.
 */
import { createHash } from "node:crypto";
import type { Owner } from "@aws-sdk/client-s3";
import type { Random } from "../../clock.js";

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

/** The 64-hex-digit canonical user id S3 shows as an account's `Owner.ID`. */
function canonicalUserId(accountId: string): string {
  return createHash("sha256").update(`s3-canonical-user:${accountId}`).digest("hex");
}

export function ownerOf(accountId: string): Owner {
  return { ID: canonicalUserId(accountId) };
}

/** The short owner id event records carry in `bucket.ownerIdentity.principalId` (e.g. "A3NL1KOZZKExample"). */
export function ownerPrincipalId(accountId: string): string {
  return `A${canonicalUserId(accountId).slice(0, 13).toUpperCase()}`;
}

/**
 * Version ids are 32 URL-safe characters, e.g. "096fKKXTRTtl3on89fVO.nfljtsv6qko".
 * S3 recognises ids it never issued: DeleteObject answers a tampered one with
 * InvalidArgument "Invalid version id specified" (localstack
 * test_s3_api.snapshot.json "test_delete_object_versioned" "delete-with-bad-version").
 * So the last 3 of the 24 bytes check the first 21.
 */
export function newVersionId(random: Random): string {
  const payload = Buffer.from(random.hex(21), "hex");
  return Buffer.concat([payload, versionCheck(payload)]).toString("base64url");
}

/** Whether S3 could have issued this id ("null" included): well formed and its check bytes hold. */
export function isIssuedVersionId(versionId: string): boolean {
  if (versionId === "null") return true;
  if (!/^[A-Za-z0-9_-]{32}$/.test(versionId)) return false;
  const bytes = Buffer.from(versionId, "base64url");
  return versionCheck(bytes.subarray(0, 21)).equals(bytes.subarray(21));
}

function versionCheck(payload: Buffer): Buffer {
  return createHash("sha256").update("eda-s3-version-id:").update(payload).digest().subarray(0, 3);
}

export function newUploadId(random: Random): string {
  return Buffer.from(random.hex(48), "hex").toString("base64url");
}
