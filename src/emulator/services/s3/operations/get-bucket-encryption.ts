import type { GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** Every bucket has one: SSE-S3 unless configured otherwise. */
export const getBucketEncryption = defineOperation<GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput>({
  access: (input) => bucketAccess("GetEncryptionConfiguration", input.Bucket),
  handle: (input, ctx) => ({
    ServerSideEncryptionConfiguration: requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner }).encryption,
  }),
});
