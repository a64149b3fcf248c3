/**
 * S3's error codes and messages (S3 API reference, "Error responses"), with the
 * extra elements S3 puts in its `<Error>` body (BucketName, Key, ...).
 */
import { AwsError } from "../../errors.js";
import type { DeleteMarker } from "./object-version.js";

export function noSuchBucket(bucket: string): AwsError {
  return new AwsError("NoSuchBucket", "The specified bucket does not exist", { status: 404, fields: { BucketName: bucket } });
}

export function noSuchKey(key: string): AwsError {
  return new AwsError("NoSuchKey", "The specified key does not exist.", { status: 404, fields: { Key: key } });
}

export function noSuchVersion(key: string, versionId: string): AwsError {
  return new AwsError("NoSuchVersion", "The specified version does not exist.", {
    status: 404,
    fields: { Key: key, VersionId: versionId },
  });
}

export function noSuchUpload(uploadId: string): AwsError {
  return new AwsError(
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    { status: 404, fields: { UploadId: uploadId } },
  );
}

export function accessDenied(): AwsError {
  return new AwsError("AccessDenied", "Access Denied", { status: 403 });
}

export function invalidArgument(message: string, argumentName?: string, argumentValue?: string): AwsError {
  const fields: Record<string, string> = {};
  if (argumentName !== undefined) fields.ArgumentName = argumentName;
  if (argumentValue !== undefined) fields.ArgumentValue = argumentValue;
  return new AwsError("InvalidArgument", message, { status: 400, fields });
}

export function invalidRequest(message: string): AwsError {
  return new AwsError("InvalidRequest", message, { status: 400 });
}

export function malformedXml(): AwsError {
  return new AwsError(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
    { status: 400 },
  );
}

export function preconditionFailed(condition: string): AwsError {
  return new AwsError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", {
    status: 412,
    fields: { Condition: condition },
  });
}

/** Sent without a body, like every 304. */
export function notModified(): AwsError {
  return new AwsError("NotModified", "Not Modified", { status: 304 });
}

export function badDigest(message: string): AwsError {
  return new AwsError("BadDigest", message, { status: 400 });
}

/**
 * Reading or changing a delete marker as if it were an object. S3 sends the
 * marker's headers and `Allow: DELETE` (the one method a marker takes) with the
 * 405 (localstack tests/aws/services/s3/test_s3_api.py "test_delete_object_versioned").
 */
export function methodNotAllowedOnDeleteMarker(method: string, marker: DeleteMarker): AwsError {
  return new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", {
    status: 405,
    fields: { Method: method, ResourceType: "DeleteMarker" },
    headers: {
      allow: "DELETE",
      "x-amz-delete-marker": "true",
      "x-amz-version-id": marker.versionId,
      "last-modified": marker.lastModified.toUTCString(),
    },
  });
}
