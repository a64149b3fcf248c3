/**
 * What GetObject and HeadObject share: finding the version a read sees
 * (with S3's answers for missing keys, delete markers and unknown versions)
 * and the headers describing it.
 */
import type { ChecksumMode, HeadObjectCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../errors.js";
import type { Output, OperationContext } from "../service.js";
import { mayListBucket } from "./access.js";
import type { Bucket } from "./bucket.js";
import { quote } from "./checksums.js";
import { accessDenied, noSuchKey, noSuchVersion } from "./errors.js";
import { visibleVersionId, type StoredObject } from "./object-version.js";
import { definedOnly, encryptionHeaders } from "./object-writes.js";
import { contentRange, type ByteRange } from "./ranges.js";

export function readableObject(ctx: OperationContext, bucket: Bucket, key: string, versionId: string | undefined): StoredObject {
  if (versionId !== undefined) {
    const version = bucket.version(key, versionId);
    if (!version) throw noSuchVersion(key, versionId);
    if (version.kind === "delete-marker") {
      throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", {
        status: 405,
        fields: { Method: "GET", ResourceType: "DeleteMarker" },
        headers: { "x-amz-delete-marker": "true", "x-amz-version-id": version.versionId, "last-modified": version.lastModified.toUTCString() },
      });
    }
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

/**
 * The object's headers. `response-*` query parameters override the stored
 * ones; the checksum is sent only when asked for (x-amz-checksum-mode) and
 * only for the whole object, since it describes the whole object.
 */
export function readHeaders(object: StoredObject, request: ReadOverrides, range: ByteRange | undefined): Output<HeadObjectCommandOutput> {
  const size = object.body.length;
  const withChecksum = request.ChecksumMode === "ENABLED" && range === undefined && object.checksum !== undefined;
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
    ...encryptionHeaders(object),
  });
}
