import type { CreateMultipartUploadCommandInput, CreateMultipartUploadCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { newUploadId } from "../identity.js";
import { MultipartUpload } from "../multipart-upload.js";
import { assertValidKey } from "../names.js";
import { contentAttributes, definedOnly, encryptionFor, encryptionHeaders, storageClassOf } from "../object-writes.js";
import { requireBucket } from "../store.js";
import { tagsFromHeader } from "../tag-set.js";

/**
 * Authorised as s3:PutObject. The object's headers, metadata and encryption
 * and tags (x-amz-tagging) are fixed now. CRC32 uploads default to a COMPOSITE checksum.
 */
export const createMultipartUpload = defineOperation<CreateMultipartUploadCommandInput, CreateMultipartUploadCommandOutput>({
  access: (input) => objectAccess("PutObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const key = input.Key ?? "";
    assertValidKey(key);
    const tags = tagsFromHeader(input.Tagging);
    const checksumType = input.ChecksumType ?? (input.ChecksumAlgorithm === "CRC32" ? "COMPOSITE" : undefined);
    const upload = new MultipartUpload(
      newUploadId(ctx.hub.random),
      key,
      new Date(ctx.hub.clock.now()),
      ctx.accountId,
      {
        ...contentAttributes(input),
        ...encryptionFor(bucket, input),
        storageClass: storageClassOf(input.StorageClass),
        ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
      },
      input.ChecksumAlgorithm,
      checksumType,
    );
    bucket.uploads.set(upload.uploadId, upload);
    return definedOnly({
      Bucket: bucket.name,
      Key: key,
      UploadId: upload.uploadId,
      ChecksumAlgorithm: upload.checksumAlgorithm,
      ChecksumType: upload.checksumType,
      ...encryptionHeaders(upload.template),
    });
  },
});
