import type { PutBucketTaggingCommandInput, PutBucketTaggingCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";
import { validTagSet } from "../tag-set.js";

/**
 * Replaces the whole tag set; an empty or absent TagSet removes it, so
 * GetBucketTagging then answers NoSuchTagSet (localstack test_s3_api.snapshot.json
 * "test_bucket_tagging_crud", "test_put_bucket_tagging_none_value": 204 each time).
 */
export const putBucketTagging = defineOperation<PutBucketTaggingCommandInput, PutBucketTaggingCommandOutput>({
  access: (input) => bucketAccess("PutBucketTagging", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const tags = validTagSet(input.Tagging?.TagSet ?? [], "bucket");
    bucket.tags = tags.length > 0 ? tags : undefined;
    return {};
  },
});
