/**
 * The candidates each listing pages through: current objects (keys whose
 * newest version is not a delete marker), or every version and marker.
 */
import type { Bucket } from "./bucket.js";
import { isAfterMarker, type ListingOptions } from "./listing.js";
import type { ObjectVersion, StoredObject } from "./object-version.js";

type KeyOptions = Pick<ListingOptions, "prefix" | "delimiter">;

export function* currentObjectsAfter(bucket: Bucket, marker: string | undefined, options: KeyOptions): Generator<{ key: string; item: StoredObject }> {
  for (const key of bucket.keysWithPrefix(options.prefix, marker)) {
    if (!isAfterMarker(key, marker, options)) continue;
    const object = bucket.current(key);
    if (object) yield { key, item: object };
  }
}

/**
 * Versions newest first within each key. With a version-id marker the
 * listing resumes inside the key marker's versions; without one, after the key.
 */
export function* versionsAfter(
  bucket: Bucket,
  keyMarker: string | undefined,
  versionIdMarker: string | undefined,
  options: KeyOptions,
): Generator<{ key: string; item: ObjectVersion }> {
  for (const key of bucket.keysWithPrefix(options.prefix, keyMarker)) {
    let versions = bucket.versionsOf(key);
    if (keyMarker !== undefined && key === keyMarker && versionIdMarker) {
      const index = versions.findIndex((v) => v.versionId === versionIdMarker);
      versions = index === -1 ? [] : versions.slice(index + 1);
    } else if (!isAfterMarker(key, keyMarker, options)) {
      continue;
    }
    for (const version of versions) yield { key, item: version };
  }
}
