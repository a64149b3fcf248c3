/**
 * The IAM actions and resources S3 authorises: bucket operations on
 * `arn:aws:s3:::bucket`, object operations on `arn:aws:s3:::bucket/key`
 * (S3 API reference, "Actions, resources, and condition keys for Amazon S3").
 */
import type { ContextValue } from "../../policy/policy-evaluator.js";
import type { AccessCheck, OperationContext } from "../service.js";
import type { Bucket } from "./bucket.js";
import { bucketArn, objectArn } from "./identity.js";

export function bucketAccess(action: string, bucket: string | undefined, context?: Record<string, ContextValue>): AccessCheck {
  return { action: `s3:${action}`, resource: bucketArn(bucket ?? ""), ...(context ? { context } : {}) };
}

export function objectAccess(action: string, bucket: string | undefined, key: string | undefined): AccessCheck {
  return { action: `s3:${action}`, resource: objectArn(bucket ?? "", key ?? "") };
}

/** ListObjects(V2) needs s3:ListBucket; policies can condition it on the prefix, delimiter and page size. */
export function listBucketAccess(
  bucket: string | undefined,
  request: { Prefix?: string; Delimiter?: string; MaxKeys?: number },
): AccessCheck {
  const context: Record<string, ContextValue> = { "s3:prefix": request.Prefix ?? "" };
  if (request.Delimiter !== undefined) context["s3:delimiter"] = request.Delimiter;
  if (request.MaxKeys !== undefined) context["s3:max-keys"] = String(request.MaxKeys);
  return bucketAccess("ListBucket", bucket, context);
}

/**
 * Whether the caller may list the bucket. S3 hides a missing key behind 403
 * AccessDenied from callers who may not (they could otherwise probe for keys).
 */
export function mayListBucket(ctx: OperationContext, bucket: Bucket): boolean {
  return ctx.hub.check("s3", bucketAccess("ListBucket", bucket.name), ctx.principal).allowed;
}
