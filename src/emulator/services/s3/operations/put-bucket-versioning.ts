import type { PutBucketVersioningCommandInput, PutBucketVersioningCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { malformedXml } from "../errors.js";
import { requireBucket } from "../store.js";

/** Enabled or Suspended; a bucket that had versioning can never be unversioned again. */
export const putBucketVersioning = defineOperation<PutBucketVersioningCommandInput, PutBucketVersioningCommandOutput>({
  access: (input) => bucketAccess("PutBucketVersioning", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const status = input.VersioningConfiguration?.Status;
    if (status !== "Enabled" && status !== "Suspended") throw malformedXml();
    bucket.versioning = status;
    return {};
  },
});
