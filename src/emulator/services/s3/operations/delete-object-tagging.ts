import type { DeleteObjectTaggingCommandInput, DeleteObjectTaggingCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { visibleVersionId } from "../object-version.js";
import { taggedObject, taggingAction } from "../object-tagging.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";

/** Removes one version's tag set; 204 (test_s3_api.snapshot.json "test_object_tagging_crud"). */
export const deleteObjectTagging = defineOperation<DeleteObjectTaggingCommandInput, DeleteObjectTaggingCommandOutput>({
  access: (input) => objectAccess(taggingAction("Delete", input.VersionId), input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const object = taggedObject(bucket, input.Key ?? "", input.VersionId, "DELETE");
    object.tags = undefined;
    return definedOnly({ VersionId: visibleVersionId(object) });
  },
});
