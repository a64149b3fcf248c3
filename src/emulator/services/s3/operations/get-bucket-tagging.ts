import type { GetBucketTaggingCommandInput, GetBucketTaggingCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

export const getBucketTagging = defineOperation<GetBucketTaggingCommandInput, GetBucketTaggingCommandOutput>({
  access: (input) => bucketAccess("GetBucketTagging", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    if (!bucket.tags) {
      throw new AwsError("NoSuchTagSet", "The TagSet does not exist", { status: 404, fields: { BucketName: bucket.name } });
    }
    return { TagSet: bucket.tags };
  },
});
