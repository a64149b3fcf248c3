import type { ListObjectsCommandInput, ListObjectsCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { listBucketAccess } from "../access.js";
import { quote } from "../checksums.js";
import { ownerOf } from "../identity.js";
import { assertEncodingType, encodeListed, lastMarker, pageSize, paginate } from "../listing.js";
import { currentObjectsAfter } from "../object-listing.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";

/** Version 1 listing: Marker instead of tokens; NextMarker only when a delimiter was given. */
export const listObjects = defineOperation<ListObjectsCommandInput, ListObjectsCommandOutput>({
  access: (input) => listBucketAccess(input.Bucket, input),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    assertEncodingType(input.EncodingType);
    const options = { prefix: input.Prefix ?? "", delimiter: input.Delimiter || undefined, maxEntries: pageSize(input.MaxKeys) };
    const page = paginate(currentObjectsAfter(bucket, input.Marker, options), options);
    const encode = (value: string | undefined) => encodeListed(value, input.EncodingType);
    const contents = page.entries.flatMap((entry) => (entry.kind === "item" ? [entry] : []));
    const prefixes = page.entries.flatMap((entry) => (entry.kind === "prefix" ? [entry.prefix] : []));
    return definedOnly({
      Name: bucket.name,
      Prefix: encode(options.prefix),
      Delimiter: encode(input.Delimiter),
      Marker: encode(input.Marker ?? ""),
      NextMarker: page.truncated && options.delimiter ? encode(lastMarker(page)) : undefined,
      MaxKeys: options.maxEntries,
      IsTruncated: page.truncated,
      EncodingType: input.EncodingType,
      Contents:
        contents.length > 0
          ? contents.map(({ key, item }) => ({
              Key: encode(key),
              LastModified: item.lastModified,
              ETag: quote(item.etag),
              Size: item.body.length,
              StorageClass: item.storageClass,
              Owner: ownerOf(bucket.ownerAccount),
            }))
          : undefined,
      CommonPrefixes: prefixes.length > 0 ? prefixes.map((prefix) => ({ Prefix: encode(prefix) })) : undefined,
    });
  },
});
