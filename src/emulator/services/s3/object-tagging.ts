/**
 * Finding the object version Get/Put/DeleteObjectTagging act on: the named
 * version, else the current one. A delete marker, named or current, answers
 * 405 MethodNotAllowed with the request's method (localstack
 * tests/aws/services/s3/test_s3_api.snapshot.json "test_object_tagging_versioned").
 */
import type { Bucket } from "./bucket.js";
import { methodNotAllowedOnDeleteMarker, noSuchKey, noSuchVersion } from "./errors.js";
import type { StoredObject } from "./object-version.js";

export function taggedObject(bucket: Bucket, key: string, versionId: string | undefined, method: string): StoredObject {
  const version = versionId !== undefined ? bucket.version(key, versionId) : bucket.latest(key);
  if (!version) throw versionId !== undefined ? noSuchVersion(key, versionId) : noSuchKey(key);
  if (version.kind === "delete-marker") throw methodNotAllowedOnDeleteMarker(method, version);
  return version;
}

/** S3 access actions: the Version variant when a version id is named (GetObjectTagging docs). */
export function taggingAction(verb: "Get" | "Put" | "Delete", versionId: string | undefined): string {
  return versionId !== undefined ? `${verb}ObjectVersionTagging` : `${verb}ObjectTagging`;
}
