import type { PutObjectTaggingCommandInput, PutObjectTaggingCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { visibleVersionId } from "../object-version.js";
import { taggedObject, taggingAction } from "../object-tagging.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";
import { validTagSet } from "../tag-set.js";

/**
 * Replaces one version's tag set (the current one unless a version is named);
 * an empty or absent TagSet clears it. 200, unlike PutBucketTagging's 204
 * (test_s3_api.snapshot.json "test_object_tagging_crud", "test_put_object_tagging_none_value").
 */
export const putObjectTagging = defineOperation<PutObjectTaggingCommandInput, PutObjectTaggingCommandOutput>({
  access: (input) => objectAccess(taggingAction("Put", input.VersionId), input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const object = taggedObject(bucket, input.Key ?? "", input.VersionId, "PUT");
    object.tags = validTagSet(input.Tagging?.TagSet ?? [], "object");
    return definedOnly({ VersionId: visibleVersionId(object) });
  },
});
