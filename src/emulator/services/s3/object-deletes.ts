/**
 * One deletion as DeleteObject and DeleteObjects perform it, and the event it
 * produces: ObjectRemoved:Delete for permanent removals (S3 sends it even
 * when there was nothing to remove), ObjectRemoved:DeleteMarkerCreated when
 * versioning turned the delete into a marker.
 */
import type { Bucket } from "./bucket.js";
import type { ObjectEvent } from "./notifications/event-records.js";
import { visibleVersionId } from "./object-version.js";

export interface Deletion {
  /** A delete marker was created, or the version removed was one. */
  deleteMarker: boolean;
  /** The version removed, or the marker created. */
  versionId: string | undefined;
  event: ObjectEvent;
}

export function deleteKeyOrVersion(bucket: Bucket, key: string, versionId: string | undefined, now: Date): Deletion {
  if (versionId !== undefined) {
    const removed = bucket.deleteVersion(key, versionId);
    return {
      deleteMarker: removed?.kind === "delete-marker",
      versionId,
      event: { name: "ObjectRemoved:Delete", key, versionId: visibleVersionId(removed) },
    };
  }
  const marker = bucket.deleteObject(key, now);
  if (marker) {
    return {
      deleteMarker: true,
      versionId: marker.versionId,
      event: { name: "ObjectRemoved:DeleteMarkerCreated", key, versionId: visibleVersionId(marker) },
    };
  }
  return { deleteMarker: false, versionId: undefined, event: { name: "ObjectRemoved:Delete", key } };
}
