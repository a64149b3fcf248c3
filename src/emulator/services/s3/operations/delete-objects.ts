import type { DeleteObjectsCommandInput, DeleteObjectsCommandOutput, DeletedObject, _Error } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { etagListMatches } from "../conditions.js";
import { invalidRequest, malformedXml } from "../errors.js";
import { isIssuedVersionId } from "../identity.js";
import { notifyObjectEvents } from "../notifications/notifier.js";
import type { ObjectEvent } from "../notifications/event-records.js";
import { deleteKeyOrVersion } from "../object-deletes.js";
import { definedOnly, lastModifiedNow } from "../object-writes.js";
import { requireBucket } from "../store.js";

const MAX_KEYS = 1000;

/**
 * Up to 1,000 keys (each authorised as its own DeleteObject or
 * DeleteObjectVersion). Missing keys count as deleted. Quiet mode reports
 * only the errors. S3 requires Content-MD5 or a checksum header on it.
 */
export const deleteObjects = defineOperation<DeleteObjectsCommandInput, DeleteObjectsCommandOutput>({
  access: (input) =>
    (input.Delete?.Objects ?? []).map((o) => objectAccess(o.VersionId !== undefined ? "DeleteObjectVersion" : "DeleteObject", input.Bucket, o.Key)),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const headers = ctx.http?.headers;
    if (headers && headers["content-md5"] === undefined && !Object.keys(headers).some((h) => h.startsWith("x-amz-checksum-"))) {
      throw invalidRequest("Missing required header for this request: Content-MD5");
    }
    const objects = input.Delete?.Objects ?? [];
    if (objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
    const now = lastModifiedNow(ctx);
    const deleted: DeletedObject[] = [];
    const errors: _Error[] = [];
    const events: ObjectEvent[] = [];
    for (const target of objects) {
      const key = target.Key ?? "";
      const current = bucket.current(key);
      if (target.ETag !== undefined && (!current || !etagListMatches(target.ETag, current.etag))) {
        errors.push({ Key: key, Code: "PreconditionFailed", Message: "At least one of the pre-conditions you specified did not hold" });
        continue;
      }
      // Each entry reports an id S3 never issued as NoSuchVersion (test_s3_api.snapshot.json "test_delete_objects").
      if (target.VersionId !== undefined && !isIssuedVersionId(target.VersionId)) {
        errors.push({ Key: key, VersionId: target.VersionId, Code: "NoSuchVersion", Message: "The specified version does not exist." });
        continue;
      }
      const deletion = deleteKeyOrVersion(bucket, key, target.VersionId, now);
      events.push(deletion.event);
      deleted.push(
        definedOnly({
          Key: key,
          VersionId: target.VersionId,
          DeleteMarker: deletion.deleteMarker || undefined,
          DeleteMarkerVersionId: deletion.deleteMarker ? deletion.versionId : undefined,
        }),
      );
    }
    notifyObjectEvents(ctx, bucket, events);
    return definedOnly({
      Deleted: input.Delete?.Quiet || deleted.length === 0 ? undefined : deleted,
      Errors: errors.length > 0 ? errors : undefined,
    });
  },
});
