import type { GetPublicAccessBlockCommandInput, GetPublicAccessBlockCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** New buckets have every block on; after DeletePublicAccessBlock there is no configuration at all. */
export const getPublicAccessBlock = defineOperation<GetPublicAccessBlockCommandInput, GetPublicAccessBlockCommandOutput>({
  access: (input) => bucketAccess("GetBucketPublicAccessBlock", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    if (!bucket.publicAccessBlock) {
      throw new AwsError("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", {
        status: 404,
        fields: { BucketName: bucket.name },
      });
    }
    return { PublicAccessBlockConfiguration: bucket.publicAccessBlock };
  },
});
