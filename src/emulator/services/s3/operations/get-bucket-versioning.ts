import type { GetBucketVersioningCommandInput, GetBucketVersioningCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** No Status at all for a bucket that never had versioning. */
export const getBucketVersioning = defineOperation<GetBucketVersioningCommandInput, GetBucketVersioningCommandOutput>({
  access: (input) => bucketAccess("GetBucketVersioning", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    return bucket.versioning ? { Status: bucket.versioning } : {};
  },
});
