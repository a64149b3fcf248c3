import type { ListPartsCommandInput, ListPartsCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { quote } from "../checksums.js";
import { ownerOf } from "../identity.js";
import { pageSize } from "../listing.js";
import { requireUpload } from "../multipart-access.js";
import { definedOnly } from "../object-writes.js";
import { requireBucket } from "../store.js";

/**
 * The parts uploaded so far, by part number, at most 1,000 per page. Both
 * markers are always answered, 0 when there is no part (localstack
 * test_s3_list_operations.snapshot.json "test_list_parts_pagination").
 */
export const listParts = defineOperation<ListPartsCommandInput, ListPartsCommandOutput>({
  access: (input) => objectAccess("ListMultipartUploadParts", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const upload = requireUpload(bucket, input.Key, input.UploadId);
    const maxParts = pageSize(input.MaxParts, "max-parts");
    const after = Number(input.PartNumberMarker ?? 0);
    const remaining = upload.sortedParts().filter((part) => part.partNumber > after);
    const parts = remaining.slice(0, maxParts);
    const truncated = remaining.length > parts.length;
    return definedOnly({
      Bucket: bucket.name,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: input.PartNumberMarker ?? "0",
      NextPartNumberMarker: String(parts.at(-1)?.partNumber ?? 0),
      MaxParts: maxParts,
      IsTruncated: truncated,
      Initiator: { ID: ownerOf(upload.ownerAccount).ID },
      Owner: ownerOf(bucket.ownerAccount),
      StorageClass: upload.template.storageClass,
      ChecksumAlgorithm: upload.checksumAlgorithm,
      ChecksumType: upload.checksumType,
      Parts:
        parts.length > 0
          ? parts.map((part) =>
              definedOnly({
                PartNumber: part.partNumber,
                LastModified: part.lastModified,
                ETag: quote(part.etag),
                Size: part.body.length,
                ChecksumCRC32: part.checksumCrc32,
              }),
            )
          : undefined,
    });
  },
});
