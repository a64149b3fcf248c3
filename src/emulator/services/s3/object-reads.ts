/**
 * What GetObject and HeadObject share: finding the version a read sees
 * (with S3's answers for missing keys, delete markers and unknown versions)
 * and the headers describing it.
 */
import type { ChecksumMode, HeadObjectCommandOutput } from "@aws-sdk/client-s3";
import type { Output, OperationContext } from "../service.js";
import { mayListBucket } from "./access.js";
import type { Bucket } from "./bucket.js";
import { quote } from "./checksums.js";
import { accessDenied, methodNotAllowedOnDeleteMarker, noSuchKey, noSuchVersion } from "./errors.js";
import { visibleVersionId, type StoredObject } from "./object-version.js";
import { definedOnly, encryptionHeaders } from "./object-writes.js";
import { contentRange, parseRange, partRange, type ByteRange } from "./ranges.js";

export function readableObject(
  ctx: OperationContext,
  bucket: Bucket,
  key: string,
  versionId: string | undefined,
  method: "GET" | "HEAD",
): StoredObject {
  if (versionId !== undefined) {
    const version = bucket.version(key, versionId);
    if (!version) throw noSuchVersion(key, versionId);
    if (version.kind === "delete-marker") throw methodNotAllowedOnDeleteMarker(method, version);
    return version;
  }
  const latest = bucket.latest(key);
  if (!latest) {
    if (!mayListBucket(ctx, bucket)) throw accessDenied();
    throw noSuchKey(key);
  }
  if (latest.kind === "delete-marker") {
    const error = noSuchKey(key);
    Object.assign(error.headers, { "x-amz-delete-marker": "true", "x-amz-version-id": latest.versionId });
    throw error;
  }
  return latest;
}

export interface ReadOverrides {
  ResponseCacheControl?: string;
  ResponseContentDisposition?: string;
  ResponseContentEncoding?: string;
  ResponseContentLanguage?: string;
  ResponseContentType?: string;
  ResponseExpires?: Date;
  ChecksumMode?: ChecksumMode | string;
}

/** The bytes a read asked for: a part (PartNumber), a Range, or everything. */
export interface ReadSelection {
  range: ByteRange | undefined;
  /** Set when the request named a PartNumber. */
  partNumber: number | undefined;
}

export function readSelection(object: StoredObject, request: { Range?: string; PartNumber?: number }): ReadSelection {
  const size = object.body.length;
  if (request.PartNumber !== undefined) {
    return { range: partRange(request.PartNumber, object.partSizes, size, request.Range), partNumber: request.PartNumber };
  }
  return { range: parseRange(request.Range, size), partNumber: undefined };
}

/**
 * The object's headers. `response-*` query parameters override the stored
 * ones; the checksum is sent only when asked for (x-amz-checksum-mode) and
 * only when the bytes sent are the whole object's (a plain object's part 1
 * included), since it describes the whole object. Part reads of a multipart
 * object name its part count (x-amz-mp-parts-count).
 */
export function readHeaders(object: StoredObject, request: ReadOverrides, selection: ReadSelection): Output<HeadObjectCommandOutput> {
  const size = object.body.length;
  const { range, partNumber } = selection;
  const wholeObject = range === undefined || (partNumber !== undefined && object.partSizes === undefined);
  const withChecksum = request.ChecksumMode === "ENABLED" && wholeObject && object.checksum !== undefined;
  return definedOnly({
    AcceptRanges: "bytes",
    LastModified: object.lastModified,
    ContentLength: range ? range.end - range.start + 1 : size,
    ContentRange: range ? contentRange(range, size) : undefined,
    ETag: quote(object.etag),
    ContentType: request.ResponseContentType ?? object.contentType,
    CacheControl: request.ResponseCacheControl ?? object.cacheControl,
    ContentDisposition: request.ResponseContentDisposition ?? object.contentDisposition,
    ContentEncoding: request.ResponseContentEncoding ?? object.contentEncoding,
    ContentLanguage: request.ResponseContentLanguage ?? object.contentLanguage,
    Expires: request.ResponseExpires ?? object.expires,
    WebsiteRedirectLocation: object.websiteRedirectLocation,
    Metadata: Object.keys(object.metadata).length > 0 ? object.metadata : undefined,
    VersionId: visibleVersionId(object),
    // S3 leaves the header out for STANDARD.
    StorageClass: object.storageClass === "STANDARD" ? undefined : object.storageClass,
    ChecksumCRC32: withChecksum ? object.checksum!.crc32 : undefined,
    ChecksumType: withChecksum ? object.checksum!.type : undefined,
    PartsCount: partNumber !== undefined ? object.partSizes?.length : undefined,
    // x-amz-tagging-count, only when the object has tags (test_s3_api.snapshot.json "test_head_object_with_tags").
    TagCount: object.tags !== undefined && object.tags.length > 0 ? object.tags.length : undefined,
    ...encryptionHeaders(object),
  });
}
