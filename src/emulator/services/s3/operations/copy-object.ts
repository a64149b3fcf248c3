import type { CopyObjectCommandInput, CopyObjectCommandOutput, Tag } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { crc32Base64, md5Hex, quote } from "../checksums.js";
import { assertCopySourceConditions } from "../conditions.js";
import { parseCopySource } from "../copy-source.js";
import { invalidArgument, invalidRequest, noSuchKey, noSuchVersion } from "../errors.js";
import { assertValidKey } from "../names.js";
import { notifyObjectEvents } from "../notifications/notifier.js";
import { visibleVersionId, type StoredObject } from "../object-version.js";
import {
  contentAttributes,
  copiedAttributes,
  definedOnly,
  encryptionFor,
  encryptionHeaders,
  lastModifiedNow,
  storageClassOf,
} from "../object-writes.js";
import type { Bucket } from "../bucket.js";
import { requireBucket } from "../store.js";
import { tagsFromHeader } from "../tag-set.js";

function sourceObject(bucket: Bucket, key: string, versionId: string | undefined): StoredObject {
  if (versionId === undefined) {
    const current = bucket.current(key);
    if (!current) throw noSuchKey(key);
    return current;
  }
  const version = bucket.version(key, versionId);
  if (!version) throw noSuchVersion(key, versionId);
  if (version.kind === "delete-marker") {
    throw invalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.");
  }
  return version;
}

/** TaggingDirective COPY (default) keeps the source's tags, REPLACE takes x-amz-tagging. */
function copiedTags(source: StoredObject, input: CopyObjectCommandInput): Tag[] | undefined {
  const directive = input.TaggingDirective ?? "COPY";
  if (directive === "COPY") return source.tags;
  if (directive === "REPLACE") return tagsFromHeader(input.Tagging) ?? [];
  throw invalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", directive);
}

/**
 * Needs s3:GetObject on the source (s3:GetObjectVersion for a version) and
 * s3:PutObject on the target. MetadataDirective COPY (default) keeps the
 * source's content headers and metadata, REPLACE takes the request's. The
 * copy is a new single-part object (MD5 ETag).
 */
export const copyObject = defineOperation<CopyObjectCommandInput, CopyObjectCommandOutput>({
  access: (input) => {
    const source = parseCopySource(input.CopySource);
    return [
      objectAccess("PutObject", input.Bucket, input.Key),
      objectAccess(source.versionId !== undefined ? "GetObjectVersion" : "GetObject", source.bucket, source.key),
    ];
  },
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const key = input.Key ?? "";
    assertValidKey(key);
    const location = parseCopySource(input.CopySource);
    const sourceBucket = requireBucket(ctx, location.bucket, { expectedOwner: input.ExpectedSourceBucketOwner, anyRegion: true });
    const source = sourceObject(sourceBucket, location.key, location.versionId);
    assertCopySourceConditions(source, input);
    const directive = input.MetadataDirective ?? "COPY";
    if (directive !== "COPY" && directive !== "REPLACE") throw invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
    const changesSomething =
      directive === "REPLACE" ||
      input.StorageClass !== undefined ||
      input.ServerSideEncryption !== undefined ||
      input.WebsiteRedirectLocation !== undefined ||
      location.versionId !== undefined;
    if (sourceBucket === bucket && location.key === key && !changesSomething) {
      throw invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const tags = copiedTags(source, input);
    const body = source.body;
    const object = bucket.putObject(
      key,
      {
        ...(directive === "REPLACE" ? contentAttributes(input) : copiedAttributes(source)),
        ...encryptionFor(bucket, input),
        body,
        etag: md5Hex(body),
        storageClass: storageClassOf(input.StorageClass),
        ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
        ...(source.checksum ? { checksum: { crc32: crc32Base64(body), type: "FULL_OBJECT" as const } } : {}),
      },
      lastModifiedNow(ctx),
    );
    notifyObjectEvents(ctx, bucket, [
      { name: "ObjectCreated:Copy", key, size: body.length, etag: object.etag, versionId: visibleVersionId(object) },
    ]);
    return definedOnly({
      CopyObjectResult: definedOnly({
        ETag: quote(object.etag),
        LastModified: object.lastModified,
        ChecksumCRC32: object.checksum?.crc32,
        ChecksumType: object.checksum?.type,
      }),
      VersionId: visibleVersionId(object),
      CopySourceVersionId: sourceBucket.versioning ? source.versionId : undefined,
      ...encryptionHeaders(object),
    });
  },
});
