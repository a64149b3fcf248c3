import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { arnFields, formatArn, parseArn } from "../../../src/emulator/arn.js";
import { parseQueueArn, queueUrlForArn } from "../../../src/emulator/queue-address.js";

describe("ARNs", () => {
  it("reads the six fields, keeping the colons of the resource part", () => {
    assert.deepEqual(parseArn("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*"), {
      partition: "aws",
      service: "logs",
      region: "us-east-1",
      accountId: "123456789012",
      resource: "log-group:/aws/lambda/f:*",
    });
    assert.deepEqual(parseArn("arn:aws:s3:::bucket/key"), { partition: "aws", service: "s3", region: "", accountId: "", resource: "bucket/key" });
  });

  it("refuses text that is not an ARN", () => {
    assert.equal(parseArn("arn:aws:sqs:us-east-1:123456789012"), undefined, "five fields");
    assert.equal(parseArn("urn:aws:sqs:us-east-1:123456789012:q"), undefined, "not arn:");
  });

  it("writes back what it read, and splits into six fields for pattern matching", () => {
    const text = "arn:aws:sns:us-east-1:123456789012:topic:0b2b8d5c-6f5e-4c1e-9f6a-2d3f4e5a6b7c";
    assert.equal(formatArn(parseArn(text)!), text);
    assert.deepEqual(arnFields(text), ["arn", "aws", "sns", "us-east-1", "123456789012", "topic:0b2b8d5c-6f5e-4c1e-9f6a-2d3f4e5a6b7c"]);
  });

  it("addresses a queue by its ARN and refuses an ARN of another service or a path-like name", () => {
    assert.deepEqual(parseQueueArn("arn:aws:sqs:eu-west-1:123456789012:orders.fifo"), { region: "eu-west-1", accountId: "123456789012", name: "orders.fifo" });
    assert.equal(parseQueueArn("arn:aws:sns:eu-west-1:123456789012:orders"), undefined);
    assert.equal(parseQueueArn("arn:aws:sqs:eu-west-1:123456789012:a/b"), undefined);
    assert.equal(queueUrlForArn({ endpoint: "http://127.0.0.1:4566" }, "arn:aws:sqs:eu-west-1:123456789012:orders"), "http://127.0.0.1:4566/123456789012/orders");
    assert.throws(() => queueUrlForArn({ endpoint: "http://127.0.0.1:4566" }, "orders"), /not valid/);
  });
});
