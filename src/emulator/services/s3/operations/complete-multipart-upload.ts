import type { CompleteMultipartUploadCommandInput, CompleteMultipartUploadCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { quote } from "../checksums.js";
import { assertWriteConditions } from "../conditions.js";
import { requireUpload } from "../multipart-access.js";
import { notifyObjectEvents } from "../notifications/notifier.js";
import { visibleVersionId } from "../object-version.js";
import { definedOnly, encryptionHeaders, lastModifiedNow } from "../object-writes.js";
import { requireBucket } from "../store.js";

/**
 * Assembles the listed parts into the object (multipart ETag "<md5 of part
 * md5s>-<parts>") and ends the upload. Completing the same upload again
 * answers the first completion's result while the object it made is still the
 * key's newest version: the SDKs retry a completion whose answer was lost
 * (CompleteMultipartUpload docs: "applications should be prepared to retry"),
 * and S3 keeps that retry from failing with NoSuchUpload.
 */
export const completeMultipartUpload = defineOperation<CompleteMultipartUploadCommandInput, CompleteMultipartUploadCommandOutput>({
  access: (input) => objectAccess("PutObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const key = input.Key ?? "";
    const completed = bucket.completedUploads.get(key);
    if (completed && completed.uploadId === input.UploadId && bucket.latest(key) === completed.object) {
      return completed.result;
    }
    const upload = requireUpload(bucket, key, input.UploadId);
    assertWriteConditions(key, bucket.current(key), input);
    const content = upload.assemble(input.MultipartUpload?.Parts ?? [], input.ChecksumCRC32);
    const object = bucket.putObject(key, content, lastModifiedNow(ctx));
    bucket.uploads.delete(upload.uploadId);
    notifyObjectEvents(ctx, bucket, [
      { name: "ObjectCreated:CompleteMultipartUpload", key, size: object.body.length, etag: object.etag, versionId: visibleVersionId(object) },
    ]);
    const origin = ctx.http?.origin ?? ctx.hub.endpoint;
    const result = definedOnly({
      Location: `${origin}/${bucket.name}/${key.split("/").map(encodeURIComponent).join("/")}`,
      Bucket: bucket.name,
      Key: key,
      ETag: quote(object.etag),
      VersionId: visibleVersionId(object),
      ChecksumCRC32: object.checksum?.crc32,
      ChecksumType: object.checksum?.type,
      ...encryptionHeaders(object),
    });
    bucket.completedUploads.set(key, { uploadId: upload.uploadId, object, result });
    return result;
  },
});
