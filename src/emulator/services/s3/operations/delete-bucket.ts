import type { DeleteBucketCommandInput, DeleteBucketCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket, s3Store } from "../store.js";

/** Refused while any object, version, delete marker or unfinished multipart upload remains. */
export const deleteBucket = defineOperation<DeleteBucketCommandInput, DeleteBucketCommandOutput>({
  access: (input) => bucketAccess("DeleteBucket", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    if (!bucket.isEmpty()) {
      throw new AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", { status: 409, fields: { BucketName: bucket.name } });
    }
    s3Store(ctx.hub).buckets.delete(bucket.name);
    return {};
  },
});
