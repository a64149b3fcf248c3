import type { DeleteObjectCommandInput, DeleteObjectCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { etagListMatches } from "../conditions.js";
import { invalidArgument, noSuchKey, preconditionFailed } from "../errors.js";
import { isIssuedVersionId } from "../identity.js";
import { notifyObjectEvents } from "../notifications/notifier.js";
import { deleteKeyOrVersion } from "../object-deletes.js";
import { definedOnly, lastModifiedNow } from "../object-writes.js";
import { requireBucket } from "../store.js";

/**
 * 204 whether or not the key existed. Versioned buckets get a delete marker
 * (x-amz-delete-marker: true); deleting a specific version needs
 * s3:DeleteObjectVersion and removes it for good (deleting one already gone
 * is fine; an id S3 never issued is InvalidArgument).
 */
export const deleteObject = defineOperation<DeleteObjectCommandInput, DeleteObjectCommandOutput>({
  access: (input) => objectAccess(input.VersionId !== undefined ? "DeleteObjectVersion" : "DeleteObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const key = input.Key ?? "";
    if (input.VersionId !== undefined && !isIssuedVersionId(input.VersionId)) {
      throw invalidArgument("Invalid version id specified", "versionId", input.VersionId);
    }
    if (input.IfMatch !== undefined) {
      const current = bucket.current(key);
      if (!current) throw noSuchKey(key);
      if (!etagListMatches(input.IfMatch, current.etag)) throw preconditionFailed("If-Match");
    }
    const deletion = deleteKeyOrVersion(bucket, key, input.VersionId, lastModifiedNow(ctx));
    notifyObjectEvents(ctx, bucket, [deletion.event]);
    return definedOnly({ DeleteMarker: deletion.deleteMarker || undefined, VersionId: deletion.versionId });
  },
});
