import type { GetObjectTaggingCommandInput, GetObjectTaggingCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { visibleVersionId } from "../object-version.js";
import { taggedObject, taggingAction } from "../object-tagging.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";

/** An object without tags answers an empty TagSet (test_s3_api.snapshot.json "test_object_tagging_crud"). */
export const getObjectTagging = defineOperation<GetObjectTaggingCommandInput, GetObjectTaggingCommandOutput>({
  access: (input) => objectAccess(taggingAction("Get", input.VersionId), input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const object = taggedObject(bucket, input.Key ?? "", input.VersionId, "GET");
    return definedOnly({ TagSet: object.tags ?? [], VersionId: visibleVersionId(object) });
  },
});
