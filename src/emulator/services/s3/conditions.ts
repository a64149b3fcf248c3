/**
 * Conditional requests (RFC 7232 as S3 applies it, GetObject/CopyObject
 * docs): If-Match wins over If-Unmodified-Since, If-None-Match over
 * If-Modified-Since. Reads answer 412 or 304; copies and writes only 412.
 */
import { AwsError } from "../../errors.js";
import { unquote } from "./checksums.js";
import { noSuchKey, notModified, preconditionFailed } from "./errors.js";
import type { StoredObject } from "./object-version.js";

export interface ReadConditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

/** `*` matches anything; otherwise a comma-separated list of quoted or bare ETags. */
export function etagListMatches(list: string, etag: string): boolean {
  return list.split(",").some((candidate) => candidate.trim() === "*" || unquote(candidate) === etag);
}

function modifiedSince(object: StoredObject, since: Date): boolean {
  return Number.isNaN(since.getTime()) || object.lastModified.getTime() > since.getTime();
}

/** GetObject and HeadObject. */
export function assertReadConditions(object: StoredObject, conditions: ReadConditions): void {
  if (conditions.IfMatch !== undefined) {
    if (!etagListMatches(conditions.IfMatch, object.etag)) throw preconditionFailed("If-Match");
  } else if (conditions.IfUnmodifiedSince !== undefined && modifiedSince(object, conditions.IfUnmodifiedSince)) {
    throw preconditionFailed("If-Unmodified-Since");
  }
  if (conditions.IfNoneMatch !== undefined) {
    if (etagListMatches(conditions.IfNoneMatch, object.etag)) throw notModified();
  } else if (conditions.IfModifiedSince !== undefined && !modifiedSince(object, conditions.IfModifiedSince)) {
    throw notModified();
  }
}

/** CopyObject's x-amz-copy-source-if-* headers: the same rules, but every failure is 412. */
export function assertCopySourceConditions(
  source: StoredObject,
  conditions: { CopySourceIfMatch?: string; CopySourceIfNoneMatch?: string; CopySourceIfModifiedSince?: Date; CopySourceIfUnmodifiedSince?: Date },
): void {
  try {
    assertReadConditions(source, {
      IfMatch: conditions.CopySourceIfMatch,
      IfNoneMatch: conditions.CopySourceIfNoneMatch,
      IfModifiedSince: conditions.CopySourceIfModifiedSince,
      IfUnmodifiedSince: conditions.CopySourceIfUnmodifiedSince,
    });
  } catch (error) {
    if (error instanceof AwsError && error.code === "NotModified") throw preconditionFailed("x-amz-copy-source-If-None-Match");
    throw error;
  }
}

/**
 * Conditional writes: If-None-Match "*" refuses to overwrite an existing
 * object; If-Match requires the current object to have that ETag.
 */
export function assertWriteConditions(key: string, current: StoredObject | undefined, conditions: { IfMatch?: string; IfNoneMatch?: string }): void {
  if (conditions.IfNoneMatch !== undefined) {
    if (conditions.IfNoneMatch.trim() !== "*") {
      throw new AwsError("NotImplemented", "A header you provided implies functionality that is not implemented", {
        status: 501,
        fields: { Header: "If-None-Match" },
      });
    }
    if (current) throw preconditionFailed("If-None-Match");
  }
  if (conditions.IfMatch !== undefined) {
    if (!current) throw noSuchKey(key);
    if (!etagListMatches(conditions.IfMatch, current.etag)) throw preconditionFailed("If-Match");
  }
}
