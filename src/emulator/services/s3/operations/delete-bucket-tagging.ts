import type { DeleteBucketTaggingCommandInput, DeleteBucketTaggingCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** Authorised by s3:PutBucketTagging (there is no separate delete action). */
export const deleteBucketTagging = defineOperation<DeleteBucketTaggingCommandInput, DeleteBucketTaggingCommandOutput>({
  access: (input) => bucketAccess("PutBucketTagging", input.Bucket),
  handle: (input, ctx) => {
    requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner }).tags = undefined;
    return {};
  },
});
