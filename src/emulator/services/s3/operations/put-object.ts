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

/**
 * Stores the object (the codec has already de-chunked aws-chunked bodies and
 * checked Content-MD5 and the CRC32 checksum). The ETag is the quoted MD5;
 * a CRC32 checksum the client sent is kept and echoed.
 */
export const putObject = defineOperation<PutObjectCommandInput, PutObjectCommandOutput>({
  access: (input) => objectAccess("PutObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const key = input.Key ?? "";
    assertValidKey(key);
    assertWriteConditions(key, bucket.current(key), input);
    const body = bodyBytes(input.Body);
    const object = bucket.putObject(
      key,
      {
        ...contentAttributes(input),
        ...encryptionFor(bucket, input),
        body,
        etag: md5Hex(body),
        storageClass: storageClassOf(input.StorageClass),
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
