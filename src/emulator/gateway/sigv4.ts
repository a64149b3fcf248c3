/**
 * AWS Signature Version 4: parses the credential scope (used for routing) and
 * verifies the signature by rebuilding the canonical request, as described in
 * "Create a signed AWS API request" (IAM user guide). Handles the
 * Authorization header and presigned query strings.
 */
import { createHmac, hash, timingSafeEqual } from "node:crypto";
import type { HttpRequest } from "../protocols/http-types.js";

export interface SignedRequestInfo {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
  /** Presigned URLs: X-Amz-Expires as sent. */
  expires: string | undefined;
  sessionToken: string | undefined;
}

const HEADER_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/;

/** Returns undefined when the request carries no SigV4 authentication at all. */
export function parseSignature(request: HttpRequest): SignedRequestInfo | "malformed" | undefined {
  const header = request.headers["authorization"];
  if (header) {
    const match = HEADER_PATTERN.exec(header);
    if (!match) return "malformed";
    const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
    return {
      accessKeyId: accessKeyId!,
      date: date!,
      region: region!,
      service: service!,
      signedHeaders: signedHeaders!.split(";"),
      signature: signature!,
      amzDate: request.headers["x-amz-date"] ?? request.headers["date"] ?? "",
      presigned: false,
      expires: undefined,
      sessionToken: request.headers["x-amz-security-token"],
    };
  }
  const credential = request.query.get("X-Amz-Credential");
  if (request.query.get("X-Amz-Algorithm") === "AWS4-HMAC-SHA256" && credential) {
    const parts = credential.split("/");
    if (parts.length !== 5 || parts[4] !== "aws4_request") return "malformed";
    return {
      accessKeyId: parts[0]!,
      date: parts[1]!,
      region: parts[2]!,
      service: parts[3]!,
      signedHeaders: (request.query.get("X-Amz-SignedHeaders") ?? "host").split(";"),
      signature: request.query.get("X-Amz-Signature") ?? "",
      amzDate: request.query.get("X-Amz-Date") ?? "",
      presigned: true,
      expires: request.query.get("X-Amz-Expires") ?? undefined,
      sessionToken: request.query.get("X-Amz-Security-Token") ?? undefined,
    };
  }
  return undefined;
}

/** Verifies against every payload hash the client may have signed; needs the body when the hash is not declared. */
export function verifySignature(request: HttpRequest, info: SignedRequestInfo, secretAccessKey: string): boolean {
  const declared = declaredPayloadHash(request, info);
  const candidates = declared !== undefined && !isHexHash(declared) ? [declared] : [sha256Hex(request.body)];
  if (info.presigned && declared === undefined) candidates.unshift(UNSIGNED_PAYLOAD);
  return candidates.some((payloadHash) => verifySignatureWith(request, info, secretAccessKey, payloadHash));
}

/** Verifies the signature for one payload hash: with a declared hash, before the body has arrived. */
export function verifySignatureWith(request: HttpRequest, info: SignedRequestInfo, secretAccessKey: string, payloadHash: string): boolean {
  const scope = `${info.date}/${info.region}/${info.service}/aws4_request`;
  const key = signingKey(secretAccessKey, info.date, info.region, info.service);
  const given = Buffer.from(info.signature, "hex");
  const stringToSign = `AWS4-HMAC-SHA256\n${info.amzDate}\n${scope}\n${sha256Hex(canonicalRequestHead(request, info) + payloadHash)}`;
  const expected = key.sign(stringToSign);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The payload hash the client says it signed, known from the head: S3's
 * x-amz-content-sha256 (a hex hash, UNSIGNED-PAYLOAD or STREAMING-...), a
 * presigned URL's X-Amz-Content-Sha256. A hex hash still has to be checked
 * against the body once it is in.
 */
export function declaredPayloadHash(request: HttpRequest, info: SignedRequestInfo): string | undefined {
  if (info.presigned) return request.query.get("X-Amz-Content-Sha256") ?? undefined;
  return request.headers["x-amz-content-sha256"];
}

export function isHexHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** What presigned URLs sign unless they say otherwise. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/**
 * HMAC-SHA256 (RFC 2104) with a fixed key, as two one-shot SHA-256 hashes
 * over the key's precomputed inner and outer pads: per request that is
 * cheaper than creating an Hmac object.
 */
class HmacSha256Key {
  private readonly innerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x36);
  private readonly outerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x5c);

  constructor(key: Buffer) {
    // Keys of SigV4 are 32-byte HMAC outputs, shorter than a block, so they are used as they are.
    for (let i = 0; i < key.length; i++) {
      this.innerPad[i]! ^= key[i]!;
      this.outerPad[i]! ^= key[i]!;
    }
  }

  sign(message: string): Buffer {
    const inner = hash("sha256", Buffer.concat([this.innerPad, Buffer.from(message, "utf8")]), "buffer");
    return hash("sha256", Buffer.concat([this.outerPad, inner]), "buffer");
  }
}

const SHA256_BLOCK_BYTES = 64;

/** Derived keys only change per day, region and service, so they are cached rather than re-derived per request. */
const signingKeys = new Map<string, HmacSha256Key>();

function signingKey(secret: string, date: string, region: string, service: string): HmacSha256Key {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = new HmacSha256Key(hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request"));
    if (signingKeys.size > 1000) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/** The canonical request up to (not including) the payload hash. */
function canonicalRequestHead(request: HttpRequest, info: SignedRequestInfo): string {
  let headers = "";
  for (const name of info.signedHeaders) headers += `${name}:${canonicalHeaderValue(request.headers[name] ?? "")}\n`;
  return (
    `${request.method}\n${canonicalUri(request.path, info.service)}\n${canonicalQuery(request.rawQuery, info.presigned)}\n` +
    `${headers}\n${info.signedHeaders.join(";")}\n`
  );
}

/** Trimmed, with each run of whitespace as one space; most values are already so and are kept as they are. */
function canonicalHeaderValue(value: string): string {
  const trimmed = value.trim();
  return NEEDS_FOLDING.test(trimmed) ? trimmed.replace(/\s+/g, " ") : trimmed;
}

const NEEDS_FOLDING = /\s\s|[^\S ]/;

/** Paths of unreserved characters encode to themselves. */
const PLAIN_PATH = /^[A-Za-z0-9\-._~/]*$/;

/** S3 signs the path as sent; every other service encodes the encoded path once more. */
function canonicalUri(path: string, service: string): string {
  if (service === "s3" || PLAIN_PATH.test(path)) return path || "/";
  const segments = path.split("/").map((segment) => rfc3986(segment));
  return segments.join("/");
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (!rawQuery) return "";
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : safeDecode(part.slice(eq + 1));
    if (presigned && key === "X-Amz-Signature") continue;
    pairs.push([rfc3986(key), rfc3986(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function sha256Hex(data: string | Buffer): string {
  return hash("sha256", data, "hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
