import type { HeadBucketCommandInput, HeadBucketCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** Needs s3:ListBucket (HeadBucket docs). A missing bucket is a bodiless 404 (the SDK says "NotFound"). */
export const headBucket = defineOperation<HeadBucketCommandInput, HeadBucketCommandOutput>({
  access: (input) => bucketAccess("ListBucket", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    return { BucketRegion: bucket.region, AccessPointAlias: false, BucketArn: bucket.arn };
  },
});
