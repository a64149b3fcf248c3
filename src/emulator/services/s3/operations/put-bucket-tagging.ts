import type { PutBucketTaggingCommandInput, PutBucketTaggingCommandOutput, Tag } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { malformedXml } from "../errors.js";
import { requireBucket } from "../store.js";

const MAX_TAGS = 50;

function invalidTag(message: string, tag?: Tag): AwsError {
  return new AwsError("InvalidTag", message, { status: 400, fields: tag ? { TagKey: tag.Key ?? "", TagValue: tag.Value ?? "" } : {} });
}

/** Replaces the whole tag set (at most 50 tags, keys 1-128 and values 0-256 characters, unique keys, no "aws:" keys). */
export const putBucketTagging = defineOperation<PutBucketTaggingCommandInput, PutBucketTaggingCommandOutput>({
  access: (input) => bucketAccess("PutBucketTagging", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const tags = input.Tagging?.TagSet;
    if (!tags) throw malformedXml();
    if (tags.length > MAX_TAGS) throw invalidTag("Object tags cannot be greater than 50");
    const keys = new Set<string>();
    for (const tag of tags) {
      const key = tag.Key ?? "";
      const value = tag.Value ?? "";
      if (key.length === 0 || key.length > 128) throw invalidTag("The TagKey you have provided is invalid", tag);
      if (value.length > 256) throw invalidTag("The TagValue you have provided is invalid", tag);
      if (key.toLowerCase().startsWith("aws:")) throw invalidTag("System tags cannot be added/updated by requester", tag);
      if (keys.has(key)) throw invalidTag("Cannot provide multiple Tags with the same key", tag);
      keys.add(key);
    }
    bucket.tags = tags.map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" }));
    return {};
  },
});
