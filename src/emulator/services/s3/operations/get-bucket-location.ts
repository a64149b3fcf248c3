import type { GetBucketLocationCommandInput, GetBucketLocationCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/**
 * Works from any region; us-east-1 buckets answer an empty LocationConstraint,
 * others the constraint they were created with ("EU" stays "EU": localstack
 * test_s3.snapshot.json "test_create_bucket_with_eu_location_constraint").
 */
export const getBucketLocation = defineOperation<GetBucketLocationCommandInput, GetBucketLocationCommandOutput>({
  access: (input) => bucketAccess("GetBucketLocation", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner, anyRegion: true });
    return bucket.locationConstraint === undefined
      ? {}
      : { LocationConstraint: bucket.locationConstraint as GetBucketLocationCommandOutput["LocationConstraint"] };
  },
});
