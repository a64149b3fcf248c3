import type { ListObjectsV2CommandInput, ListObjectsV2CommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { listBucketAccess } from "../access.js";
import { quote } from "../checksums.js";
import { ownerOf } from "../identity.js";
import {
  assertEncodingType,
  continuationToken,
  encodeListed,
  lastMarker,
  markerFromToken,
  pageSize,
  paginate,
} from "../listing.js";
import { definedOnly } from "../object-writes.js";
import { currentObjectsAfter } from "../object-listing.js";
import { requireBucket } from "../store.js";

/** s3:ListBucket with the s3:prefix condition key. The continuation token wins over StartAfter. */
export const listObjectsV2 = defineOperation<ListObjectsV2CommandInput, ListObjectsV2CommandOutput>({
  access: (input) => listBucketAccess(input.Bucket, input),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    assertEncodingType(input.EncodingType);
    const options = { prefix: input.Prefix ?? "", delimiter: input.Delimiter || undefined, maxEntries: pageSize(input.MaxKeys) };
    const marker = input.ContinuationToken !== undefined ? markerFromToken(input.ContinuationToken) : input.StartAfter;
    const page = paginate(currentObjectsAfter(bucket, marker, options), options);
    const encode = (value: string | undefined) => encodeListed(value, input.EncodingType);
    const contents = page.entries.flatMap((entry) => (entry.kind === "item" ? [entry] : []));
    const prefixes = page.entries.flatMap((entry) => (entry.kind === "prefix" ? [entry.prefix] : []));
    return definedOnly({
      Name: bucket.name,
      Prefix: encode(options.prefix),
      Delimiter: encode(input.Delimiter),
      MaxKeys: options.maxEntries,
      KeyCount: page.entries.length,
      IsTruncated: page.truncated,
      EncodingType: input.EncodingType,
      ContinuationToken: input.ContinuationToken,
      NextContinuationToken: page.truncated ? continuationToken(lastMarker(page)!) : undefined,
      StartAfter: encode(input.StartAfter),
      Contents:
        contents.length > 0
          ? contents.map(({ key, item }) =>
              definedOnly({
                Key: encode(key),
                LastModified: item.lastModified,
                ETag: quote(item.etag),
                Size: item.body.length,
                StorageClass: item.storageClass,
                ChecksumAlgorithm: item.checksum ? ["CRC32" as const] : undefined,
                ChecksumType: item.checksum?.type,
                Owner: input.FetchOwner ? ownerOf(bucket.ownerAccount) : undefined,
              }),
            )
          : undefined,
      CommonPrefixes: prefixes.length > 0 ? prefixes.map((prefix) => ({ Prefix: encode(prefix) })) : undefined,
    });
  },
});
