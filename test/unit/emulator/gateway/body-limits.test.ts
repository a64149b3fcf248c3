/**
 * The largest body each operation takes, decided from the request head, and
 * the service's error above it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bodyLimit } from "../../../../src/emulator/gateway/body-limits.js";
import type { HttpRequest } from "../../../../src/emulator/protocols/http-types.js";
import { lambda } from "../../../../src/emulator/services/lambda/index.js";
import { s3 } from "../../../../src/emulator/services/s3/index.js";
import { sns } from "../../../../src/emulator/services/sns/index.js";

function head(method: string, path: string, headers: Record<string, string> = {}): HttpRequest {
  return { method, path, rawQuery: "", query: new URLSearchParams(), headers, body: Buffer.alloc(0), remoteAddress: "127.0.0.1" };
}

describe("body limits", () => {
  it("applies Lambda's own limits: 6 MB invocation payloads, 50 MB zipped code (base64 in the request)", () => {
    const invoke = bodyLimit(lambda, head("POST", "/2015-03-31/functions/f/invocations"));
    assert.equal(invoke.bytes, 6 * 1024 * 1024);
    assert.equal(invoke.error.code, "RequestEntityTooLargeException");
    assert.equal(invoke.error.message, "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
    const create = bodyLimit(lambda, head("POST", "/2015-03-31/functions"));
    assert.equal(create.bytes, 69_905_067);
    assert.equal(create.error.message, "Request must be smaller than 69905067 bytes for the CreateFunction operation");
    assert.equal(bodyLimit(lambda, head("PUT", "/2015-03-31/functions/f/code")).bytes, 69_905_067);
    assert.equal(bodyLimit(lambda, head("GET", "/2015-03-31/functions")).bytes, lambda.maxBodyBytes);
  });

  it("refuses S3 bodies above the emulator's cap with EntityTooLarge, naming the proposed size (aws-chunked: the decoded one)", () => {
    const limit = bodyLimit(s3, head("PUT", "/b/k", { "content-length": "2000000000", "x-amz-decoded-content-length": "1999999000" }));
    assert.equal(limit.bytes, s3.maxBodyBytes);
    assert.equal(limit.error.code, "EntityTooLarge");
    assert.equal(limit.error.status, 400);
    assert.equal(limit.error.fields.ProposedSize, "1999999000");
  });

  it("uses the service's cap elsewhere", () => {
    const limit = bodyLimit(sns, head("POST", "/"));
    assert.equal(limit.bytes, sns.maxBodyBytes);
    assert.equal(limit.error.status, 413);
  });
});
