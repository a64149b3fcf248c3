import type { DeleteBucketEncryptionCommandInput, DeleteBucketEncryptionCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { defaultEncryption } from "../bucket.js";
import { requireBucket } from "../store.js";

/** Goes back to the SSE-S3 default; authorised by s3:PutEncryptionConfiguration. */
export const deleteBucketEncryption = defineOperation<DeleteBucketEncryptionCommandInput, DeleteBucketEncryptionCommandOutput>({
  access: (input) => bucketAccess("PutEncryptionConfiguration", input.Bucket),
  handle: (input, ctx) => {
    requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner }).encryption = defaultEncryption();
    return {};
  },
});
