import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { md5Hex, md5OfMessageAttributes } from "../../../../../src/emulator/services/sqs/message-md5.js";

describe("SQS message digests", () => {
  it("hashes the UTF-8 body", () => {
    assert.equal(md5Hex("hello"), "5d41402abc4b2a76b9719d911017c592");
    // Multi-byte characters are hashed as their UTF-8 bytes, not as UTF-16 code units.
    assert.equal(md5Hex("\u00e9"), "66ddcd97cfdeabb2f6fb8a999b4bc76f");
  });

  it("matches the fact sheet's attribute vectors", () => {
    assert.equal(md5OfMessageAttributes({ k: { DataType: "String", StringValue: "v" } }), "0a77b0642718c3d9dd47090567d11e0d");
    assert.equal(
      md5OfMessageAttributes({
        b: { DataType: "Number", StringValue: "1" },
        a: { DataType: "Binary", BinaryValue: Uint8Array.of(0, 1) },
      }),
      "eb841ba5088ac48a23559ffac27ea7da",
    );
  });

  it("is independent of the order attributes are given in, and absent for none", () => {
    const one = md5OfMessageAttributes({ x: { DataType: "String", StringValue: "1" }, y: { DataType: "String", StringValue: "2" } });
    const two = md5OfMessageAttributes({ y: { DataType: "String", StringValue: "2" }, x: { DataType: "String", StringValue: "1" } });
    assert.equal(one, two);
    assert.equal(md5OfMessageAttributes({}), undefined);
  });

  it("includes the custom type label", () => {
    assert.notEqual(
      md5OfMessageAttributes({ k: { DataType: "String", StringValue: "v" } }),
      md5OfMessageAttributes({ k: { DataType: "String.label", StringValue: "v" } }),
    );
  });
});
