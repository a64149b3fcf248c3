/** Finding the multipart upload a request names. */
import type { Bucket } from "./bucket.js";
import { noSuchUpload } from "./errors.js";
import type { MultipartUpload } from "./multipart-upload.js";

/** The upload must exist in this bucket and belong to this key. */
export function requireUpload(bucket: Bucket, key: string | undefined, uploadId: string | undefined): MultipartUpload {
  const upload = uploadId === undefined ? undefined : bucket.uploads.get(uploadId);
  if (!upload || upload.key !== key) throw noSuchUpload(uploadId ?? "");
  return upload;
}
