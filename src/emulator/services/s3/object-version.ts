/**
 * What a bucket holds per key: a stack of versions, newest first. Without
 * versioning there is at most one, with version id "null"; with versioning,
 * deletes push delete markers instead of removing data.
 */
import type { ChecksumType, ServerSideEncryption, StorageClass, Tag } from "@aws-sdk/client-s3";

/** The version id of objects written while versioning was never enabled, or suspended. */
export const NULL_VERSION_ID = "null";

export interface ObjectChecksum {
  /** Base64 CRC32, with "-<parts>" for COMPOSITE multipart checksums. */
  crc32: string;
  type: ChecksumType;
}

/** Everything a write supplies; the bucket adds the key, version id and time. */
export interface ObjectContent {
  body: Buffer;
  /** Unquoted. */
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: Date;
  websiteRedirectLocation?: string;
  checksum?: ObjectChecksum;
  serverSideEncryption: ServerSideEncryption;
  sseKmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  storageClass: StorageClass;
  /** Each part's size, in order, for objects assembled by CompleteMultipartUpload (PartNumber reads). */
  partSizes?: number[];
  /** The object tag set; PutObjectTagging replaces it on this version only. */
  tags?: Tag[];
}

export interface StoredObject extends ObjectContent {
  kind: "object";
  key: string;
  versionId: string;
  lastModified: Date;
}

export interface DeleteMarker {
  kind: "delete-marker";
  key: string;
  versionId: string;
  lastModified: Date;
}

export type ObjectVersion = StoredObject | DeleteMarker;

/** S3 answers with x-amz-version-id only for versions that have a real id. */
export function visibleVersionId(version: ObjectVersion | undefined): string | undefined {
  return version && version.versionId !== NULL_VERSION_ID ? version.versionId : undefined;
}
