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

/** Version ids are 32 URL-safe characters, e.g. "096fKKXTRTtl3on89fVO.nfljtsv6qko". */
export function newVersionId(random: Random): string {
  return Buffer.from(random.hex(24), "hex").toString("base64url");
}

export function newUploadId(random: Random): string {
  return Buffer.from(random.hex(48), "hex").toString("base64url");
}
