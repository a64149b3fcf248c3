import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeTaskHandle } from "../../../../../src/emulator/services/sqs/move-task.js";
import { decodeReceiptHandle, encodeReceiptHandle, senderIdOf } from "../../../../../src/emulator/services/sqs/queued-message.js";
import { parseQueueUrl } from "../../../../../src/emulator/services/sqs/queue-url.js";
import { parseQueueArn } from "../../../../../src/emulator/queue-address.js";
import { adminPrincipal, roleSessionPrincipal, servicePrincipal } from "../../../../../src/emulator/policy/principal.js";

describe("SQS addressing", () => {
  it("reads account and name from a queue URL's path, whatever its host", () => {
    for (const url of [
      "http://127.0.0.1:4566/000000000000/orders",
      "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
      "https://queue.amazonaws.com/123456789012/orders/",
    ]) {
      assert.equal(parseQueueUrl(url).name, "orders", url);
    }
    for (const bad of ["orders", "http://host/orders", "http://host/12345/orders", "http://host/000000000000/a/b"]) {
      assert.throws(() => parseQueueUrl(bad), { name: "QueueDoesNotExist" }, bad);
    }
  });

  it("parses queue ARNs and nothing else", () => {
    assert.deepEqual(parseQueueArn("arn:aws:sqs:eu-west-1:123456789012:q"), { region: "eu-west-1", accountId: "123456789012", name: "q" });
    assert.equal(parseQueueArn("arn:aws:sns:eu-west-1:123456789012:q"), undefined);
    assert.equal(parseQueueArn("arn:aws:sqs:eu-west-1:123456789012"), undefined);
  });

  it("recognises its own receipt handles and rejects tampered ones", () => {
    const handle = encodeReceiptHandle("arn:aws:sqs:us-east-1:000000000000:q", "id-1", "abcd");
    assert.deepEqual(decodeReceiptHandle(handle), { queueArn: "arn:aws:sqs:us-east-1:000000000000:q", messageId: "id-1" });
    for (const bad of ["", "garbage!", Buffer.from("no spaces here").toString("base64"), `${handle}x`]) {
      assert.equal(decodeReceiptHandle(bad), undefined, bad);
    }
  });

  it("decodes task handles to their source queue", () => {
    const handle = Buffer.from(JSON.stringify({ taskId: "t", sourceArn: "arn:aws:sqs:us-east-1:000000000000:dlq" })).toString("base64");
    assert.deepEqual(decodeTaskHandle(handle), { sourceArn: "arn:aws:sqs:us-east-1:000000000000:dlq" });
    assert.equal(decodeTaskHandle("not-a-task"), undefined);
  });

  it("records the sender: account id, role id and session, or a service id", () => {
    assert.equal(senderIdOf(adminPrincipal("000000000000")), "000000000000");
    assert.equal(senderIdOf(roleSessionPrincipal("000000000000", "r", "AROAEXAMPLE", "s")), "AROAEXAMPLE:s");
    assert.equal(senderIdOf(servicePrincipal("sns.amazonaws.com", "000000000000", "arn:aws:sns:us-east-1:000000000000:t")), "AIDAIT2UOQQY3AUEKVGXU");
    const other = senderIdOf(servicePrincipal("events.amazonaws.com", "000000000000", "arn"));
    assert.match(other, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(other, senderIdOf(servicePrincipal("events.amazonaws.com", "111111111111", "other")));
  });
});
