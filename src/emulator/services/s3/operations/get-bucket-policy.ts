import type { GetBucketPolicyCommandInput, GetBucketPolicyCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

export const getBucketPolicy = defineOperation<GetBucketPolicyCommandInput, GetBucketPolicyCommandOutput>({
  access: (input) => bucketAccess("GetBucketPolicy", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    if (!bucket.policy) {
      throw new AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", { status: 404, fields: { BucketName: bucket.name } });
    }
    return { Policy: bucket.policy.text };
  },
});
