/**
 * The largest body each operation takes, decided from the head: AWS's own
 * limit where it is lower than the service's (Lambda's 6 MB invocation
 * payload, 50 MB zipped code uploaded directly), else the service's
 * `maxBodyBytes`. Above it the request is refused with the service's error
 * before (or while) the body arrives, so no body larger than its cap is held.
 */
import { AwsError } from "../errors.js";
import { matchRoute } from "../protocols/rest-routes.js";
import type { ServiceDefinition } from "../services/service.js";
import type { HttpRequest } from "../protocols/http-types.js";

export interface BodyLimit {
  bytes: number;
  error: AwsError;
}

/**
 * Lambda quotas ("Lambda quotas", Lambda developer guide): 6 MB synchronous
 * invocation payload, 50 MB zipped deployment package uploaded directly (the
 * request carries it base64-encoded: 69,905,067 bytes). AWS answers
 * RequestEntityTooLargeException 413 "Request must be smaller than N bytes
 * for the <operation> operation".
 */
const LAMBDA_LIMITS: Record<string, { bytes: number; operation: string }> = {
  Invoke: { bytes: 6 * 1024 * 1024, operation: "InvokeFunction" },
  CreateFunction: { bytes: 69_905_067, operation: "CreateFunction" },
  UpdateFunctionCode: { bytes: 69_905_067, operation: "UpdateFunctionCode" },
};

export function bodyLimit(service: ServiceDefinition, request: HttpRequest): BodyLimit {
  if (service.signingName === "s3") {
    // AWS takes single PUTs up to 5 GiB (EntityTooLarge above); the emulator keeps objects in memory and stops at the service's cap.
    return {
      bytes: service.maxBodyBytes,
      error: new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
        status: 400,
        fields: { ProposedSize: declaredLength(request) ?? "unknown", MaxSizeAllowed: String(service.maxBodyBytes) },
      }),
    };
  }
  if (service.signingName === "lambda") {
    const operation = matchRoute(service.schemas, request.method, request.path, request.query)?.operation;
    const limit = operation === undefined ? undefined : LAMBDA_LIMITS[operation];
    const bytes = Math.min(limit?.bytes ?? service.maxBodyBytes, service.maxBodyBytes);
    return {
      bytes,
      error: new AwsError("RequestEntityTooLargeException", `Request must be smaller than ${bytes} bytes for the ${limit?.operation ?? operation ?? "requested"} operation`, {
        status: 413,
      }),
    };
  }
  return {
    bytes: service.maxBodyBytes,
    error: new AwsError("RequestEntityTooLarge", `Request body exceeds ${service.maxBodyBytes} bytes.`, { status: 413 }),
  };
}

/** The body's size as announced in the head: the decoded length of aws-chunked uploads, else Content-Length. */
export function declaredLength(request: HttpRequest): string | undefined {
  return request.headers["x-amz-decoded-content-length"] ?? request.headers["content-length"];
}
