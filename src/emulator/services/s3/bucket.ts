/**
 * One bucket: its owner, region and configuration, its objects (a version
 * stack per key) and its unfinished multipart uploads. The rules of writing
 * and deleting under each versioning state live here.
 */
import type {
  BucketVersioningStatus,
  NotificationConfiguration,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
  Tag,
} from "@aws-sdk/client-s3";
import type { Random } from "../../clock.js";
import type { PolicyDocument } from "../../policy/policy-document.js";
import { bucketArn, newVersionId } from "./identity.js";
import { compareKeys, firstIndexNotBefore } from "./listing.js";
import type { MultipartUpload } from "./multipart-upload.js";
import {
  NULL_VERSION_ID,
  type DeleteMarker,
  type ObjectContent,
  type ObjectVersion,
  type StoredObject,
} from "./object-version.js";

/** New buckets encrypt with SSE-S3 by default (since January 2023). */
export function defaultEncryption(): ServerSideEncryptionConfiguration {
  return { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] };
}

/** New buckets block all public access (since April 2023). */
function defaultPublicAccessBlock(): PublicAccessBlockConfiguration {
  return { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
}

/** A finished multipart upload: the object it made and what CompleteMultipartUpload answered. */
export interface CompletedUpload {
  uploadId: string;
  object: StoredObject;
  result: object;
}

export interface BucketPolicy {
  text: string;
  document: PolicyDocument;
}

export class Bucket {
  readonly arn: string;
  versioning: BucketVersioningStatus | undefined;
  tags: Tag[] | undefined;
  policy: BucketPolicy | undefined;
  publicAccessBlock: PublicAccessBlockConfiguration | undefined = defaultPublicAccessBlock();
  encryption: ServerSideEncryptionConfiguration = defaultEncryption();
  notifications: NotificationConfiguration = {};
  /** The LocationConstraint as created; GetBucketLocation answers it ("EU" stays "EU"). */
  locationConstraint: string | undefined;
  readonly uploads = new Map<string, MultipartUpload>();
  /** Per key, the last multipart upload completed there, so a repeated CompleteMultipartUpload gets the same answer. */
  readonly completedUploads = new Map<string, CompletedUpload>();
  private readonly versionsByKey = new Map<string, ObjectVersion[]>();
  /**
   * Every key in UTF-8 byte order as of the last listing. Keys created since
   * are sorted and merged in by the next listing, so a burst of writes costs
   * one sort of the new keys, not a sort of the whole bucket per listing.
   */
  private sortedKeyIndex: string[] = [];
  private readonly keysNotIndexed = new Set<string>();
  private indexHasRemovedKeys = false;
  private lastSequencer = 0n;

  constructor(
    readonly name: string,
    readonly ownerAccount: string,
    readonly region: string,
    readonly creationDate: Date,
    private readonly random: Random,
  ) {
    this.arn = bucketArn(name);
  }

  /** The newest version of a key, which may be a delete marker. */
  latest(key: string): ObjectVersion | undefined {
    return this.versionsByKey.get(key)?.[0];
  }

  /** The object a plain GET sees: the newest version unless that is a delete marker. */
  current(key: string): StoredObject | undefined {
    const latest = this.latest(key);
    return latest?.kind === "object" ? latest : undefined;
  }

  version(key: string, versionId: string): ObjectVersion | undefined {
    return this.versionsByKey.get(key)?.find((v) => v.versionId === versionId);
  }

  /** Newest first. */
  versionsOf(key: string): readonly ObjectVersion[] {
    return this.versionsByKey.get(key) ?? [];
  }

  /**
   * Keys (with at least one version or marker) that start with `prefix`, in
   * UTF-8 byte order, from the first one not before `from`.
   */
  *keysWithPrefix(prefix: string, from?: string): Generator<string> {
    const keys = this.sortedKeys();
    const start = from !== undefined && compareKeys(from, prefix) > 0 ? from : prefix;
    for (let index = firstIndexNotBefore(keys, start); index < keys.length; index++) {
      const key = keys[index]!;
      // Keys sharing a prefix are contiguous in this order: the first one without it ends the range.
      if (!key.startsWith(prefix)) return;
      yield key;
    }
  }

  isEmpty(): boolean {
    return this.versionsByKey.size === 0 && this.uploads.size === 0;
  }

  /**
   * Enabled: a new version on top. Unversioned or suspended: the write
   * replaces the key's "null" version and becomes the newest.
   */
  putObject(key: string, content: ObjectContent, lastModified: Date): StoredObject {
    const versionId = this.versioning === "Enabled" ? newVersionId(this.random) : NULL_VERSION_ID;
    const object: StoredObject = { ...content, kind: "object", key, versionId, lastModified };
    this.pushVersion(object);
    return object;
  }

  /**
   * A delete without a version id: unversioned buckets lose the object;
   * versioned buckets get a delete marker (suspended ones a "null" marker that
   * replaces the "null" version), which is returned.
   */
  deleteObject(key: string, lastModified: Date): DeleteMarker | undefined {
    if (this.versioning === undefined) {
      if (this.versionsByKey.has(key)) this.removeKey(key);
      return undefined;
    }
    const versionId = this.versioning === "Enabled" ? newVersionId(this.random) : NULL_VERSION_ID;
    const marker: DeleteMarker = { kind: "delete-marker", key, versionId, lastModified };
    this.pushVersion(marker);
    return marker;
  }

  /** Removes one version or delete marker for good; the next one down becomes current. */
  deleteVersion(key: string, versionId: string): ObjectVersion | undefined {
    const versions = this.versionsByKey.get(key);
    const index = versions?.findIndex((v) => v.versionId === versionId) ?? -1;
    if (!versions || index === -1) return undefined;
    const [removed] = versions.splice(index, 1);
    if (versions.length === 0) this.removeKey(key);
    return removed;
  }

  /** Event sequencers grow per bucket (S3 guide: compare them only for the same key). */
  nextSequencer(now: number): string {
    const fromClock = BigInt(now) << 16n;
    this.lastSequencer = fromClock > this.lastSequencer ? fromClock : this.lastSequencer + 1n;
    return this.lastSequencer.toString(16).toUpperCase().padStart(18, "0");
  }

  private pushVersion(version: ObjectVersion): void {
    let versions = this.versionsByKey.get(version.key);
    if (!versions) {
      versions = [];
      this.versionsByKey.set(version.key, versions);
      this.keysNotIndexed.add(version.key);
    }
    if (version.versionId === NULL_VERSION_ID) {
      const existing = versions.findIndex((v) => v.versionId === NULL_VERSION_ID);
      if (existing !== -1) versions.splice(existing, 1);
    }
    versions.unshift(version);
  }

  private removeKey(key: string): void {
    this.versionsByKey.delete(key);
    this.completedUploads.delete(key);
    if (!this.keysNotIndexed.delete(key)) this.indexHasRemovedKeys = true;
  }

  /** The key index brought up to date: removed keys dropped, new keys sorted and merged in. */
  private sortedKeys(): readonly string[] {
    if (this.keysNotIndexed.size === 0 && !this.indexHasRemovedKeys) return this.sortedKeyIndex;
    const indexed = this.indexHasRemovedKeys ? this.sortedKeyIndex.filter((key) => this.versionsByKey.has(key)) : this.sortedKeyIndex;
    const added = [...this.keysNotIndexed].sort(compareKeys);
    this.sortedKeyIndex = mergeSortedKeys(indexed, added);
    this.keysNotIndexed.clear();
    this.indexHasRemovedKeys = false;
    return this.sortedKeyIndex;
  }
}

/** One sorted list from two; a key in both (removed, then created again) appears once. */
function mergeSortedKeys(left: readonly string[], right: readonly string[]): string[] {
  if (right.length === 0) return [...left];
  const merged: string[] = [];
  let l = 0;
  let r = 0;
  while (l < left.length && r < right.length) {
    const order = compareKeys(left[l]!, right[r]!);
    if (order <= 0) merged.push(left[l++]!);
    if (order >= 0) {
      if (order > 0) merged.push(right[r]!);
      r++;
    }
  }
  while (l < left.length) merged.push(left[l++]!);
  while (r < right.length) merged.push(right[r++]!);
  return merged;
}
