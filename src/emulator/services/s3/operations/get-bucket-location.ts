import type { GetBucketLocationCommandInput, GetBucketLocationCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** Works from any region; us-east-1 buckets answer an empty LocationConstraint. */
export const getBucketLocation = defineOperation<GetBucketLocationCommandInput, GetBucketLocationCommandOutput>({
  access: (input) => bucketAccess("GetBucketLocation", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner, anyRegion: true });
    return bucket.region === "us-east-1" ? {} : { LocationConstraint: bucket.region as GetBucketLocationCommandOutput["LocationConstraint"] };
  },
});
