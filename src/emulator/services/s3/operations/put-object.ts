import type { PutObjectCommandInput, PutObjectCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { md5Hex, quote } from "../checksums.js";
import { assertWriteConditions } from "../conditions.js";
import { assertValidKey } from "../names.js";
import { notifyObjectEvents } from "../notifications/notifier.js";
import { visibleVersionId } from "../object-version.js";
import { bodyBytes, contentAttributes, definedOnly, encryptionFor, encryptionHeaders, lastModifiedNow, storageClassOf } from "../object-writes.js";
import { requireBucket } from "../store.js";
import { tagsFromHeader } from "../tag-set.js";

/**
 * Stores the object (the codec has already de-chunked aws-chunked bodies and
 * checked Content-MD5 and the CRC32 checksum). The ETag is the quoted MD5;
 * a CRC32 checksum the client sent is kept and echoed, and x-amz-tagging
 * becomes the object's tag set.
 */
export const putObject = defineOperation<PutObjectCommandInput, PutObjectCommandOutput>({
  // Tags sent along need s3:PutObjectTagging as well (PutObject docs).
  access: (input) => [
    objectAccess("PutObject", input.Bucket, input.Key),
    ...(input.Tagging !== undefined ? [objectAccess("PutObjectTagging", input.Bucket, input.Key)] : []),
  ],
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const key = input.Key ?? "";
    assertValidKey(key);
    assertWriteConditions(key, bucket.current(key), input);
    const tags = tagsFromHeader(input.Tagging);
    const body = bodyBytes(input.Body);
    const object = bucket.putObject(
      key,
      {
        ...contentAttributes(input),
        ...encryptionFor(bucket, input),
        body,
        etag: md5Hex(body),
        storageClass: storageClassOf(input.StorageClass),
        ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
        ...(input.ChecksumCRC32 !== undefined ? { checksum: { crc32: input.ChecksumCRC32, type: "FULL_OBJECT" as const } } : {}),
      },
      lastModifiedNow(ctx),
    );
    notifyObjectEvents(ctx, bucket, [
      { name: "ObjectCreated:Put", key, size: body.length, etag: object.etag, versionId: visibleVersionId(object) },
    ]);
    return definedOnly({
      ETag: quote(object.etag),
      VersionId: visibleVersionId(object),
      ChecksumCRC32: object.checksum?.crc32,
      ChecksumType: object.checksum?.type,
      ...encryptionHeaders(object),
    });
  },
});
