import type { AbortMultipartUploadCommandInput, AbortMultipartUploadCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { requireUpload } from "../multipart-access.js";
import { requireBucket } from "../store.js";

/** Discards the upload and its parts (they stop counting against DeleteBucket). */
export const abortMultipartUpload = defineOperation<AbortMultipartUploadCommandInput, AbortMultipartUploadCommandOutput>({
  access: (input) => objectAccess("AbortMultipartUpload", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    bucket.uploads.delete(requireUpload(bucket, input.Key, input.UploadId).uploadId);
    return {};
  },
});
