/**
 * The gateway's SigV4 verification against the SDK's own signer: requests
 * signed by @smithy/signature-v4 must verify, and any change to what was
 * signed must not.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { SignatureV4 } from "@smithy/signature-v4";
import { parseSignature, verifySignature } from "../../../../src/emulator/gateway/sigv4.js";
import type { HttpRequest } from "../../../../src/emulator/protocols/http-types.js";

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

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

function signer(service: string) {
  return new SignatureV4({ credentials, region: "us-east-1", service, sha256: NodeSha256 as never, uriEscapePath: service !== "s3" });
}

interface Spec {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

function toGatewayRequest(signed: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): HttpRequest {
  const rawQuery = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  return {
    method: signed.method,
    path: signed.path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body: Buffer.from((signed.body as string | undefined) ?? ""),
    remoteAddress: "127.0.0.1",
  };
}

async function signedRequest(service: string, spec: Spec): Promise<HttpRequest> {
  const signed = await signer(service).sign({
    method: spec.method,
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 4566,
    path: spec.path,
    query: spec.query ?? {},
    headers: { host: "127.0.0.1:4566", ...spec.headers },
    body: spec.body,
  });
  return toGatewayRequest(signed as never);
}

function verify(request: HttpRequest, secret = "test"): boolean {
  const info = parseSignature(request);
  assert.ok(info && info !== "malformed", "request carries a parsable signature");
  return verifySignature(request, info, secret);
}

describe("SigV4 verification", () => {
  it("verifies a form-encoded query request signed over its body", async () => {
    const request = await signedRequest("sns", {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=ListTopics&Version=2010-03-31",
    });
    assert.equal(verify(request), true);
    assert.equal(verify(request, "wrong"), false);
    request.body = Buffer.from("Action=DeleteTopic&Version=2010-03-31");
    assert.equal(verify(request), false, "a changed body no longer matches");
  });

  it("verifies a Lambda path holding an ARN (double-encoded in the canonical URI)", async () => {
    const request = await signedRequest("lambda", {
      method: "GET",
      path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/configuration",
    });
    assert.equal(verify(request), true);
  });

  it("verifies an S3 key with spaces, plus signs and unicode, signed as sent", async () => {
    const request = await signedRequest("s3", {
      method: "PUT",
      path: "/bucket/dir/a%20b%2Bc%C3%A9.json",
      query: { "x-id": "PutObject" },
      headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    });
    assert.equal(verify(request), true);
  });

  it("verifies query parameters that need encoding, in any order", async () => {
    const request = await signedRequest("s3", {
      method: "GET",
      path: "/bucket",
      query: { "list-type": "2", prefix: "uploads/a b/", delimiter: "/" },
      headers: { "x-amz-content-sha256": createHash("sha256").update("").digest("hex") },
    });
    assert.equal(verify(request), true);
    request.query.set("prefix", "results/");
    request.rawQuery = request.query.toString().replace(/\+/g, "%20");
    assert.equal(verify(request), false, "a changed query no longer matches");
  });

  it("verifies a presigned GET URL", async () => {
    const presigned = await signer("s3").presign(
      { method: "GET", protocol: "http:", hostname: "127.0.0.1", port: 4566, path: "/bucket/key.txt", query: {}, headers: { host: "127.0.0.1:4566" } },
      { expiresIn: 900 },
    );
    const request = toGatewayRequest(presigned as never);
    const info = parseSignature(request);
    assert.ok(info && info !== "malformed" && info.presigned);
    assert.equal(verifySignature(request, info, "test"), true);
  });

  it("reports a malformed Authorization header instead of guessing", () => {
    const request = toGatewayRequest({ method: "GET", path: "/", headers: { authorization: "AWS4-HMAC-SHA256 nonsense" } });
    assert.equal(parseSignature(request), "malformed");
  });

  it("reports no signature for an anonymous request", () => {
    const request = toGatewayRequest({ method: "GET", path: "/", headers: {} });
    assert.equal(parseSignature(request), undefined);
  });
});
