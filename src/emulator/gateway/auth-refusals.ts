/**
 * The errors AWS answers for signatures that are out of date, presigned URLs
 * that expired, and security tokens that do not fit the key, per protocol
 * family. Unknown keys and bad signatures are each service's own
 * (services/auth-errors.ts).
 */
import { AwsError } from "../errors.js";
import type { ServiceDefinition } from "../services/service.js";

/** SigV4 allows 15 minutes between the request's date and the server's clock, either way. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs live 1 second to 7 days (X-Amz-Expires). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

type Family = "s3" | "query" | "json";

function familyOf(service: ServiceDefinition): Family {
  if (service.signingName === "s3") return "s3";
  return service.protocol === "awsQuery" || service.queryCompatible ? "query" : "json";
}

/** 20260101T000000Z, as SigV4 writes dates. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * A header-signed request dated more than 15 minutes from the clock.
 * S3: `RequestTimeTooSkewed` 403 with RequestTime, ServerTime and
 * MaxAllowedSkewMilliseconds (S3 API reference, "Error responses").
 * Query and JSON services: their bad-signature code with "Signature expired:
 * <date> is now earlier than <limit> (<now> - 15 min.)" or "Signature not yet
 * current: <date> is still later than <limit> (<now> + 15 min.)", the texts
 * the aws-sigv4 crate of aws-sdk-rust documents for SignatureDoesNotMatch and
 * ScyllaDB's Alternator tests record for DynamoDB's InvalidSignatureException.
 */
export function skewedRequest(service: ServiceDefinition, requestDate: string, now: number): AwsError {
  if (familyOf(service) === "s3") {
    return new AwsError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", {
      status: 403,
      fields: { RequestTime: requestDate, ServerTime: new Date(now).toISOString(), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
    });
  }
  const { code, status } = service.authErrors.badSignature;
  const dated = Date.parse(isoFromAmzDate(requestDate));
  const message =
    dated < now
      ? `Signature expired: ${requestDate} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`
      : `Signature not yet current: ${requestDate} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`;
  return new AwsError(code, message, { status });
}

/** A request without a date SigV4 can read. S3: AccessDenied (S3 "Error responses"); others: their bad-signature code. */
export function undatedRequest(service: ServiceDefinition): AwsError {
  if (familyOf(service) === "s3") return new AwsError("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", { status: 403 });
  const { code, status } = service.authErrors.badSignature;
  return new AwsError(code, "Date must be in ISO-8601 'basic format'. Got: no valid X-Amz-Date.", { status });
}

/**
 * X-Amz-Expires outside 1..604800: S3's `AuthorizationQueryParametersError`
 * 400 (S3 "Error responses"; the texts as MinIO and LocalStack answer them).
 */
export function badExpires(service: ServiceDefinition, expires: string | undefined): AwsError {
  const message =
    expires === undefined || !/^-?\d+$/.test(expires)
      ? "X-Amz-Expires should be a number"
      : Number(expires) <= 0
        ? "X-Amz-Expires must be non-negative"
        : `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`;
  if (familyOf(service) === "s3") return new AwsError("AuthorizationQueryParametersError", message, { status: 400 });
  const { code, status } = service.authErrors.badSignature;
  return new AwsError(code, message, { status });
}

/**
 * A presigned URL past X-Amz-Date + X-Amz-Expires: S3 answers 403
 * AccessDenied "Request has expired" with X-Amz-Expires, Expires and
 * ServerTime (LocalStack's S3 presigned-URL validation, presigned_url.py).
 */
export function expiredPresignedUrl(service: ServiceDefinition, expires: string, expiresAt: number, now: number): AwsError {
  if (familyOf(service) === "s3") {
    return new AwsError("AccessDenied", "Request has expired", {
      status: 403,
      fields: { "X-Amz-Expires": expires, Expires: new Date(expiresAt).toISOString(), ServerTime: new Date(now).toISOString() },
    });
  }
  const { code, status } = service.authErrors.badSignature;
  return new AwsError(code, `Signature expired: ${amzDate(expiresAt)} is now earlier than ${amzDate(now)}`, { status });
}

/** A presigned URL dated after the clock's 15 minutes of tolerance: S3 "Request is not valid yet" (AccessDenied 403). */
export function presignedUrlNotYetValid(service: ServiceDefinition, requestDate: string, now: number): AwsError {
  if (familyOf(service) === "s3") return new AwsError("AccessDenied", "Request is not valid yet", { status: 403 });
  return skewedRequest(service, requestDate, now);
}

/**
 * A security token sent with a long-term key. S3: `InvalidToken` 400 "The
 * provided token is malformed or otherwise invalid." (S3 "Error responses");
 * others: the unknown-token error (InvalidClientTokenId,
 * UnrecognizedClientException: "The security token included in the request
 * is invalid.").
 */
export function tokenWithLongTermKey(service: ServiceDefinition): AwsError {
  if (familyOf(service) === "s3") return new AwsError("InvalidToken", "The provided token is malformed or otherwise invalid.", { status: 400 });
  return service.authErrors.unknownKey;
}

/**
 * An expired role session. S3: `ExpiredToken` 400 "The provided token has
 * expired." (S3 "Error responses"); query services `ExpiredToken`, JSON
 * services `ExpiredTokenException`, both "The security token included in
 * the request is expired" (the codes the SDKs treat as expired credentials,
 * e.g. aws-sdk-js v2's expiredCredentialsError list).
 */
export function expiredToken(service: ServiceDefinition): AwsError {
  const family = familyOf(service);
  if (family === "s3") return new AwsError("ExpiredToken", "The provided token has expired.", { status: 400 });
  const message = "The security token included in the request is expired";
  if (family === "query") return new AwsError("ExpiredToken", message, { status: 403 });
  return new AwsError("ExpiredTokenException", message, { status: service.authErrors.unknownKey.status ?? 403 });
}

/**
 * S3's answer when x-amz-content-sha256 is not the body's hash
 * (`XAmzContentSHA256Mismatch` 400, S3 "Error responses"); other services
 * only ever see it signed, so it is their bad signature.
 */
export function payloadHashMismatch(service: ServiceDefinition, declared: string, computed: string): AwsError {
  if (familyOf(service) !== "s3") return service.authErrors.badSignature;
  return new AwsError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    status: 400,
    fields: { ClientComputedContentSHA256: declared, S3ComputedContentSHA256: computed },
  });
}

/** 20260101T000000Z as 2026-01-01T00:00:00Z; undefined when it is not that shape. */
export function isoFromAmzDate(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z` : "";
}
