/**
 * Sends raw HTTP requests signed with SigV4 by the SDK's own signer, for
 * tests that need bytes no SDK client would produce (malformed bodies,
 * fuzzing) but must still get past authentication.
 */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface RawRequest {
  service: string;
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
}

/** The headers the SDK's signer gives `request` (host included), for tests that write the body themselves. */
export async function signedHeaders(endpoint: string, request: RawRequest): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: request.credentials ?? { accessKeyId: "test", secretAccessKey: "test" },
    region: request.region ?? "us-east-1",
    service: request.service,
    sha256: NodeSha256 as never,
    uriEscapePath: request.service !== "s3",
  });
  const signed = await signer.sign({
    method: request.method ?? "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path ?? "/",
    query: request.query ?? {},
    headers: { host: url.host, ...request.headers },
    body: request.body === undefined ? undefined : Buffer.from(request.body),
  });
  return signed.headers;
}

export async function signedFetch(endpoint: string, request: RawRequest): Promise<Response> {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers = await signedHeaders(endpoint, request);
  const query = new URLSearchParams(request.query ?? {}).toString().replace(/\+/g, "%20");
  return fetch(`${endpoint}${request.path ?? "/"}${query ? `?${query}` : ""}`, {
    method: request.method ?? "POST",
    headers,
    body: body === undefined || request.method === "GET" || request.method === "HEAD" ? undefined : body,
  });
}

/** A presigned URL as the SDK's signer makes it (X-Amz-Expires = `expiresIn`), dated `signingDate`. */
export async function presignedUrl(
  endpoint: string,
  request: RawRequest & { expiresIn: number; signingDate?: Date },
): Promise<string> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: request.credentials ?? { accessKeyId: "test", secretAccessKey: "test" },
    region: request.region ?? "us-east-1",
    service: request.service,
    sha256: NodeSha256 as never,
    uriEscapePath: request.service !== "s3",
  });
  const presigned = await signer.presign(
    {
      method: request.method ?? "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: request.path ?? "/",
      query: request.query ?? {},
      headers: { host: url.host, ...request.headers },
    },
    { expiresIn: request.expiresIn, signingDate: request.signingDate },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return `${endpoint}${request.path ?? "/"}?${query}`;
}
