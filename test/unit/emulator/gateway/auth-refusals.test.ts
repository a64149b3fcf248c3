/**
 * The answers for stale signatures, expired presigned URLs and tokens that
 * do not fit the key, per protocol family, in AWS's words.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { badExpires, expiredToken, skewedRequest, tokenWithLongTermKey } from "../../../../src/emulator/gateway/auth-refusals.js";
import { lambda } from "../../../../src/emulator/services/lambda/index.js";
import { logs } from "../../../../src/emulator/services/logs/index.js";
import { s3 } from "../../../../src/emulator/services/s3/index.js";
import { sqs } from "../../../../src/emulator/services/sqs/index.js";
import { sts } from "../../../../src/emulator/services/sts/index.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("SigV4 refusals", () => {
  it("words a stale or early date as each family does", () => {
    const old = skewedRequest(sts, "20260101T113000Z", NOW);
    assert.equal(old.code, "SignatureDoesNotMatch");
    assert.equal(old.status, 403);
    assert.equal(old.message, "Signature expired: 20260101T113000Z is now earlier than 20260101T114500Z (20260101T120000Z - 15 min.)");
    const early = skewedRequest(lambda, "20260101T123000Z", NOW);
    assert.equal(early.code, "InvalidSignatureException");
    assert.equal(early.message, "Signature not yet current: 20260101T123000Z is still later than 20260101T121500Z (20260101T120000Z + 15 min.)");
    const s3Skew = skewedRequest(s3, "20260101T113000Z", NOW);
    assert.equal(s3Skew.code, "RequestTimeTooSkewed");
    assert.equal(s3Skew.status, 403);
    assert.equal(s3Skew.fields.MaxAllowedSkewMilliseconds, "900000");
  });

  it("names the X-Amz-Expires problem", () => {
    assert.match(badExpires(s3, "604801").message, /less than a week/);
    assert.match(badExpires(s3, "abc").message, /should be a number/);
    assert.equal(badExpires(s3, "0").code, "AuthorizationQueryParametersError");
  });

  it("tells an expired session and a token sent with a long-term key apart, per family", () => {
    assert.deepEqual([expiredToken(s3).code, expiredToken(s3).status], ["ExpiredToken", 400]);
    assert.deepEqual([expiredToken(sqs).code, expiredToken(sqs).status], ["ExpiredToken", 403]);
    assert.deepEqual([expiredToken(logs).code, expiredToken(logs).status], ["ExpiredTokenException", 400]);
    assert.deepEqual([expiredToken(lambda).code, expiredToken(lambda).status], ["ExpiredTokenException", 403]);
    assert.equal(tokenWithLongTermKey(s3).code, "InvalidToken");
    assert.equal(tokenWithLongTermKey(sts).code, "InvalidClientTokenId");
    assert.equal(tokenWithLongTermKey(lambda).code, "UnrecognizedClientException");
  });
});
