import type { ListMultipartUploadsCommandInput, ListMultipartUploadsCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { ownerOf } from "../identity.js";
import { assertEncodingType, compareKeys, encodeListed, isAfterMarker, pageSize, paginate } from "../listing.js";
import type { MultipartUpload } from "../multipart-upload.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";

/** Unfinished uploads by key, then by initiation time; resumes after key-marker (and upload-id-marker). */
export const listMultipartUploads = defineOperation<ListMultipartUploadsCommandInput, ListMultipartUploadsCommandOutput>({
  access: (input) => bucketAccess("ListBucketMultipartUploads", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    assertEncodingType(input.EncodingType);
    const options = { prefix: input.Prefix ?? "", delimiter: input.Delimiter || undefined, maxEntries: pageSize(input.MaxUploads, "max-uploads") };
    const sorted = [...bucket.uploads.values()].sort(
      (a, b) => compareKeys(a.key, b.key) || a.initiated.getTime() - b.initiated.getTime() || compareKeys(a.uploadId, b.uploadId),
    );
    let candidates: MultipartUpload[];
    const resumeIndex = input.UploadIdMarker ? sorted.findIndex((u) => u.key === input.KeyMarker && u.uploadId === input.UploadIdMarker) : -1;
    if (resumeIndex !== -1) candidates = sorted.slice(resumeIndex + 1);
    else candidates = sorted.filter((u) => isAfterMarker(u.key, input.KeyMarker, options));
    const page = paginate(candidates.map((upload) => ({ key: upload.key, item: upload })), options);
    const encode = (value: string | undefined) => encodeListed(value, input.EncodingType);
    const owner = ownerOf(bucket.ownerAccount);
    const uploads = page.entries.flatMap((entry) => (entry.kind === "item" ? [entry.item] : []));
    const prefixes = page.entries.flatMap((entry) => (entry.kind === "prefix" ? [entry.prefix] : []));
    const last = page.entries.at(-1);
    return definedOnly({
      Bucket: bucket.name,
      Prefix: encode(options.prefix),
      Delimiter: encode(input.Delimiter),
      KeyMarker: encode(input.KeyMarker ?? ""),
      UploadIdMarker: input.UploadIdMarker ?? "",
      MaxUploads: options.maxEntries,
      IsTruncated: page.truncated,
      EncodingType: input.EncodingType,
      NextKeyMarker: page.truncated && last ? encode(last.kind === "item" ? last.key : last.prefix) : undefined,
      NextUploadIdMarker: page.truncated && last?.kind === "item" ? last.item.uploadId : undefined,
      Uploads:
        uploads.length > 0
          ? uploads.map((upload) =>
              definedOnly({
                UploadId: upload.uploadId,
                Key: encode(upload.key),
                Initiated: upload.initiated,
                StorageClass: upload.template.storageClass,
                Owner: owner,
                Initiator: { ID: ownerOf(upload.ownerAccount).ID },
                ChecksumAlgorithm: upload.checksumAlgorithm,
                ChecksumType: upload.checksumType,
              }),
            )
          : undefined,
      CommonPrefixes: prefixes.length > 0 ? prefixes.map((prefix) => ({ Prefix: encode(prefix) })) : undefined,
    });
  },
});
