import type { GetObjectCommandInput, GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { assertReadConditions } from "../conditions.js";
import { readableObject, readHeaders, readSelection } from "../object-reads.js";
import { requireBucket } from "../store.js";

/**
 * Reading a specific version needs s3:GetObjectVersion. Missing keys are
 * NoSuchKey for callers who may list the bucket and AccessDenied otherwise.
 */
export const getObject = defineOperation<GetObjectCommandInput, GetObjectCommandOutput>({
  access: (input) => objectAccess(input.VersionId !== undefined ? "GetObjectVersion" : "GetObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const object = readableObject(ctx, bucket, input.Key ?? "", input.VersionId, "GET");
    assertReadConditions(object, input);
    const selection = readSelection(object, input);
    const { range } = selection;
    const body = range ? object.body.subarray(range.start, range.end + 1) : object.body;
    return { ...readHeaders(object, input, selection), Body: body as unknown as GetObjectCommandOutput["Body"] };
  },
});
