import type { DeletePublicAccessBlockCommandInput, DeletePublicAccessBlockCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

/** Authorised by s3:PutBucketPublicAccessBlock. */
export const deletePublicAccessBlock = defineOperation<DeletePublicAccessBlockCommandInput, DeletePublicAccessBlockCommandOutput>({
  access: (input) => bucketAccess("PutBucketPublicAccessBlock", input.Bucket),
  handle: (input, ctx) => {
    requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner }).publicAccessBlock = undefined;
    return {};
  },
});
