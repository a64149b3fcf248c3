/**
 * What every write (PutObject, CopyObject with REPLACE, CreateMultipartUpload)
 * takes from its request: content headers, user metadata, encryption and
 * storage class, with S3's defaults and refusals.
 */
import { StorageClass as STORAGE_CLASSES, type ServerSideEncryption, type StorageClass } from "@aws-sdk/client-s3";
import { AwsError } from "../../errors.js";
import type { OperationContext } from "../service.js";
import type { Bucket } from "./bucket.js";
import { invalidArgument } from "./errors.js";
import type { ObjectContent, StoredObject } from "./object-version.js";

/** S3's Content-Type when a request names none. */
const DEFAULT_CONTENT_TYPE = "binary/octet-stream";

const ENCRYPTIONS = new Set<string>(["AES256", "aws:kms", "aws:kms:dsse"]);
const KNOWN_STORAGE_CLASSES = new Set<string>(Object.values(STORAGE_CLASSES));

export interface ContentHeaders {
  ContentType?: string;
  Metadata?: Record<string, string>;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: Date;
  WebsiteRedirectLocation?: string;
}

export interface EncryptionHeaders {
  ServerSideEncryption?: ServerSideEncryption;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

export type ContentAttributes = Pick<
  ObjectContent,
  "contentType" | "metadata" | "cacheControl" | "contentDisposition" | "contentEncoding" | "contentLanguage" | "expires" | "websiteRedirectLocation"
>;

export function contentAttributes(headers: ContentHeaders): ContentAttributes {
  const expires = headers.Expires && !Number.isNaN(headers.Expires.getTime()) ? headers.Expires : undefined;
  return {
    contentType: headers.ContentType ?? DEFAULT_CONTENT_TYPE,
    metadata: { ...headers.Metadata },
    ...definedOnly({
      cacheControl: headers.CacheControl,
      contentDisposition: headers.ContentDisposition,
      contentEncoding: headers.ContentEncoding,
      contentLanguage: headers.ContentLanguage,
      expires,
      websiteRedirectLocation: headers.WebsiteRedirectLocation,
    }),
  };
}

/** The attributes a copy with MetadataDirective COPY carries over from its source. */
export function copiedAttributes(source: StoredObject): ContentAttributes {
  const { contentType, metadata, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, websiteRedirectLocation } = source;
  return {
    contentType,
    metadata: { ...metadata },
    ...definedOnly({ cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, websiteRedirectLocation }),
  };
}

export type EncryptionAttributes = Pick<ObjectContent, "serverSideEncryption" | "sseKmsKeyId" | "bucketKeyEnabled">;

/** The request's x-amz-server-side-encryption, else the bucket's default encryption (SSE-S3 unless changed). */
export function encryptionFor(bucket: Bucket, headers: EncryptionHeaders): EncryptionAttributes {
  const rule = bucket.encryption.Rules?.[0];
  const byDefault = rule?.ApplyServerSideEncryptionByDefault;
  const algorithm = headers.ServerSideEncryption ?? byDefault?.SSEAlgorithm ?? "AES256";
  if (!ENCRYPTIONS.has(algorithm)) {
    throw invalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", algorithm);
  }
  if (algorithm === "AES256") return { serverSideEncryption: algorithm };
  const defaultKey = headers.ServerSideEncryption === undefined ? byDefault?.KMSMasterKeyID : undefined;
  return {
    serverSideEncryption: algorithm,
    // Without a key id S3 uses the account's AWS managed key for S3.
    sseKmsKeyId: headers.SSEKMSKeyId ?? defaultKey ?? `arn:aws:kms:${bucket.region}:${bucket.ownerAccount}:alias/aws/s3`,
    bucketKeyEnabled: headers.BucketKeyEnabled ?? rule?.BucketKeyEnabled ?? false,
  };
}

/** The encryption headers S3 answers writes and reads with. */
export function encryptionHeaders(object: EncryptionAttributes): EncryptionHeaders {
  return definedOnly({
    ServerSideEncryption: object.serverSideEncryption,
    SSEKMSKeyId: object.sseKmsKeyId,
    BucketKeyEnabled: object.bucketKeyEnabled || undefined,
  });
}

export function storageClassOf(requested: StorageClass | string | undefined): StorageClass {
  if (requested === undefined) return "STANDARD";
  if (!KNOWN_STORAGE_CLASSES.has(requested)) {
    throw new AwsError("InvalidStorageClass", "The storage class you specified is not valid", { status: 400, fields: { StorageClassRequested: requested } });
  }
  return requested as StorageClass;
}

/** The request body as bytes (the codec hands over a Uint8Array view of the decoded body). */
export function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  const bytes = body as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** S3 keeps Last-Modified to the second. */
export function lastModifiedNow(ctx: OperationContext): Date {
  return new Date(Math.floor(ctx.hub.clock.now() / 1000) * 1000);
}

export function definedOnly<T extends object>(value: T): T {
  const defined: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) defined[key] = v;
  }
  return defined as T;
}
