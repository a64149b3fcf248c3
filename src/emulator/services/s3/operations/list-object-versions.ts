import type { ListObjectVersionsCommandInput, ListObjectVersionsCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { quote } from "../checksums.js";
import { ownerOf } from "../identity.js";
import { assertEncodingType, encodeListed, pageSize, paginate } from "../listing.js";
import { versionsAfter } from "../object-listing.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";

/**
 * Every version and delete marker, by key and newest first; what emptying a
 * versioned bucket needs. Unversioned objects appear with version id "null".
 */
export const listObjectVersions = defineOperation<ListObjectVersionsCommandInput, ListObjectVersionsCommandOutput>({
  access: (input) => bucketAccess("ListBucketVersions", input.Bucket, { "s3:prefix": input.Prefix ?? "" }),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    assertEncodingType(input.EncodingType);
    const options = { prefix: input.Prefix ?? "", delimiter: input.Delimiter || undefined, maxEntries: pageSize(input.MaxKeys) };
    const page = paginate(versionsAfter(bucket, input.KeyMarker, input.VersionIdMarker, options), options);
    const encode = (value: string | undefined) => encodeListed(value, input.EncodingType);
    const owner = ownerOf(bucket.ownerAccount);
    const versions: NonNullable<ListObjectVersionsCommandOutput["Versions"]> = [];
    const markers: NonNullable<ListObjectVersionsCommandOutput["DeleteMarkers"]> = [];
    const prefixes: string[] = [];
    for (const entry of page.entries) {
      if (entry.kind === "prefix") {
        prefixes.push(entry.prefix);
        continue;
      }
      const version = entry.item;
      const isLatest = bucket.latest(entry.key) === version;
      if (version.kind === "delete-marker") {
        markers.push({ Owner: owner, Key: encode(entry.key), VersionId: version.versionId, IsLatest: isLatest, LastModified: version.lastModified });
      } else {
        versions.push(
          definedOnly({
            ETag: quote(version.etag),
            Size: version.body.length,
            StorageClass: "STANDARD" as const,
            Key: encode(entry.key),
            VersionId: version.versionId,
            IsLatest: isLatest,
            LastModified: version.lastModified,
            Owner: owner,
            ChecksumAlgorithm: version.checksum ? ["CRC32" as const] : undefined,
            ChecksumType: version.checksum?.type,
          }),
        );
      }
    }
    const last = page.entries.at(-1);
    return definedOnly({
      Name: bucket.name,
      Prefix: encode(options.prefix),
      Delimiter: encode(input.Delimiter),
      KeyMarker: encode(input.KeyMarker ?? ""),
      VersionIdMarker: input.VersionIdMarker ?? "",
      MaxKeys: options.maxEntries,
      IsTruncated: page.truncated,
      EncodingType: input.EncodingType,
      NextKeyMarker: page.truncated && last ? encode(last.kind === "item" ? last.key : last.prefix) : undefined,
      NextVersionIdMarker: page.truncated && last?.kind === "item" ? last.item.versionId : undefined,
      Versions: versions.length > 0 ? versions : undefined,
      DeleteMarkers: markers.length > 0 ? markers : undefined,
      CommonPrefixes: prefixes.length > 0 ? prefixes.map((prefix) => ({ Prefix: encode(prefix) })) : undefined,
    });
  },
});
