import type { UploadPartCommandInput, UploadPartCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { objectAccess } from "../access.js";
import { md5Hex, quote } from "../checksums.js";
import { invalidArgument, invalidRequest } from "../errors.js";
import { requireUpload } from "../multipart-access.js";
import { MAX_PART_NUMBER } from "../multipart-upload.js";
import { bodyBytes, definedOnly, encryptionHeaders, lastModifiedNow } from "../object-writes.js";
import { requireBucket } from "../store.js";

/** Part numbers 1-10,000; a part's ETag is its MD5. Uploads created for CRC32 need each part's CRC32. */
export const uploadPart = defineOperation<UploadPartCommandInput, UploadPartCommandOutput>({
  access: (input) => objectAccess("PutObject", input.Bucket, input.Key),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const upload = requireUpload(bucket, input.Key, input.UploadId);
    const partNumber = input.PartNumber;
    if (partNumber === undefined || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", String(partNumber));
    }
    if (upload.checksumAlgorithm === "CRC32" && input.ChecksumCRC32 === undefined) {
      throw invalidRequest("Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: null");
    }
    const body = bodyBytes(input.Body);
    const etag = md5Hex(body);
    upload.putPart({ partNumber, body, etag, lastModified: lastModifiedNow(ctx), checksumCrc32: input.ChecksumCRC32 });
    return definedOnly({ ETag: quote(etag), ChecksumCRC32: input.ChecksumCRC32, ...encryptionHeaders(upload.template) });
  },
});
