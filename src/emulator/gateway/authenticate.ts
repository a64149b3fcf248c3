/**
 * SigV4 authentication in two halves. From the head: the date (or a
 * presigned URL's lifetime), the key, its session token, and the signature
 * itself whenever the client declared the payload hash (S3 always does), so
 * that nothing of an unauthenticated request's body is read. After the
 * body: the signature of requests that sign the body's hash, or the check
 * that the declared hash is the body's.
 */
import type { Principal } from "../policy/principal.js";
import type { EmulatorHub } from "../hub.js";
import type { ServiceDefinition } from "../services/service.js";
import {
  MAX_PRESIGNED_EXPIRES_SECONDS,
  MAX_SKEW_MS,
  badExpires,
  expiredPresignedUrl,
  expiredToken,
  isoFromAmzDate,
  payloadHashMismatch,
  presignedUrlNotYetValid,
  skewedRequest,
  tokenWithLongTermKey,
  undatedRequest,
} from "./auth-refusals.js";
import type { HttpRequest } from "../protocols/http-types.js";
import { UNSIGNED_PAYLOAD, declaredPayloadHash, isHexHash, verifySignatureWith, type SignedRequestInfo } from "./sigv4.js";

export interface Authentication {
  signature: SignedRequestInfo;
  principal: Principal;
  secretAccessKey: string;
  /** What remains to check once the body is in: nothing, its hash against the declared one, or the signature itself. */
  pending: { kind: "none" } | { kind: "payload-hash"; declared: string } | { kind: "signature" };
}

/** Everything that can be checked before the body is read; throws the service's own error. */
export function authenticateHead(
  request: HttpRequest,
  signature: SignedRequestInfo | "malformed" | undefined,
  service: ServiceDefinition,
  hub: EmulatorHub,
): Authentication {
  if (signature === undefined) throw service.authErrors.missing;
  if (signature === "malformed") throw service.authErrors.badSignature;
  checkDate(signature, service, hub.settings.signatureClock.now());

  if (hub.credentials.expired(signature.accessKeyId)) throw expiredToken(service);
  const credentials = hub.credentials.lookup(signature.accessKeyId);
  if (!credentials) throw service.authErrors.unknownKey;
  if (credentials.sessionToken === undefined) {
    if (signature.sessionToken !== undefined) throw tokenWithLongTermKey(service);
  } else if (credentials.sessionToken !== signature.sessionToken) {
    throw service.authErrors.unknownKey;
  }

  const { secretAccessKey, principal } = credentials;
  const declared = declaredPayloadHash(request, signature);
  if (declared !== undefined) {
    if (!verifySignatureWith(request, signature, secretAccessKey, declared)) throw service.authErrors.badSignature;
    return { signature, principal, secretAccessKey, pending: isHexHash(declared) ? { kind: "payload-hash", declared } : { kind: "none" } };
  }
  if (signature.presigned && verifySignatureWith(request, signature, secretAccessKey, UNSIGNED_PAYLOAD)) {
    return { signature, principal, secretAccessKey, pending: { kind: "none" } };
  }
  return { signature, principal, secretAccessKey, pending: { kind: "signature" } };
}

/** The rest, once the body is in and `bodySha256` is its hash. */
export function authenticateBody(request: HttpRequest, auth: Authentication, service: ServiceDefinition, bodySha256: string): void {
  const { pending } = auth;
  if (pending.kind === "payload-hash" && pending.declared !== bodySha256) throw payloadHashMismatch(service, pending.declared, bodySha256);
  if (pending.kind === "signature" && !verifySignatureWith(request, auth.signature, auth.secretAccessKey, bodySha256)) {
    throw service.authErrors.badSignature;
  }
}

/** Header-signed requests must be dated within 15 minutes of the clock; presigned URLs within their lifetime. */
function checkDate(signature: SignedRequestInfo, service: ServiceDefinition, now: number): void {
  const dated = requestTime(signature.amzDate);
  if (Number.isNaN(dated)) throw undatedRequest(service);
  if (!signature.presigned) {
    if (Math.abs(now - dated) > MAX_SKEW_MS) throw skewedRequest(service, signature.amzDate, now);
    return;
  }
  const { expires } = signature;
  if (expires === undefined || !/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw badExpires(service, expires);
  }
  if (dated - now > MAX_SKEW_MS) throw presignedUrlNotYetValid(service, signature.amzDate, now);
  const expiresAt = dated + Number(expires) * 1000;
  if (now > expiresAt) throw expiredPresignedUrl(service, expires, expiresAt, now);
}

/** X-Amz-Date (basic ISO 8601), or an HTTP Date header for clients that send only that. */
function requestTime(value: string): number {
  const iso = isoFromAmzDate(value);
  return iso ? Date.parse(iso) : /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value) ? Date.parse(value) : Number.NaN;
}
