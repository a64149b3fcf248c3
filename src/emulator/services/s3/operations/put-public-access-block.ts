import type { PutPublicAccessBlockCommandInput, PutPublicAccessBlockCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { malformedXml } from "../errors.js";
import { requireBucket } from "../store.js";

/** Settings left out of the document are false. */
export const putPublicAccessBlock = defineOperation<PutPublicAccessBlockCommandInput, PutPublicAccessBlockCommandOutput>({
  access: (input) => bucketAccess("PutBucketPublicAccessBlock", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const configuration = input.PublicAccessBlockConfiguration;
    if (!configuration) throw malformedXml();
    bucket.publicAccessBlock = {
      BlockPublicAcls: configuration.BlockPublicAcls ?? false,
      IgnorePublicAcls: configuration.IgnorePublicAcls ?? false,
      BlockPublicPolicy: configuration.BlockPublicPolicy ?? false,
      RestrictPublicBuckets: configuration.RestrictPublicBuckets ?? false,
    };
    return {};
  },
});
