import type { DeleteBucketPolicyCommandInput, DeleteBucketPolicyCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

export const deleteBucketPolicy = defineOperation<DeleteBucketPolicyCommandInput, DeleteBucketPolicyCommandOutput>({
  access: (input) => bucketAccess("DeleteBucketPolicy", input.Bucket),
  handle: (input, ctx) => {
    requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner }).policy = undefined;
    return {};
  },
});
