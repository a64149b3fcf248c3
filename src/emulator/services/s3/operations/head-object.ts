import type { HeadObjectCommandInput, HeadObjectCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { assertReadConditions } from "../conditions.js";
import { readableObject, readHeaders, readSelection } from "../object-reads.js";
import { requireBucket } from "../store.js";

/** GetObject's headers without the body; authorised by s3:GetObject like a GET. */
export const headObject = defineOperation<HeadObjectCommandInput, HeadObjectCommandOutput>({
  access: (input) => objectAccess(input.VersionId !== undefined ? "GetObjectVersion" : "GetObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const object = readableObject(ctx, bucket, input.Key ?? "", input.VersionId, "HEAD");
    assertReadConditions(object, input);
    return readHeaders(object, input, readSelection(object, input));
  },
});
