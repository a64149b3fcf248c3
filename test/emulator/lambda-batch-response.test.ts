import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InvocationOutcome } from "../../src/emulator/execution/host/environment.js";
import { messagesToDelete } from "../../src/emulator/services/lambda/batch-response.js";

const batch = [
  { MessageId: "m1", ReceiptHandle: "r1" },
  { MessageId: "m2", ReceiptHandle: "r2" },
  { MessageId: "m3", ReceiptHandle: "r3" },
];

function success(payload: string): InvocationOutcome {
  return { kind: "success", payload: Buffer.from(payload), log: "" };
}

function deleted(outcome: InvocationOutcome, report = true): string[] {
  return messagesToDelete(outcome, batch, report).map((message) => message.MessageId!);
}

describe("Lambda SQS batch responses: which messages are deleted", () => {
  it("deletes nothing after a function error", () => {
    assert.deepEqual(deleted({ kind: "error", errorType: "Error", payload: Buffer.from("{}"), log: "" }), []);
  });

  it("deletes everything when ReportBatchItemFailures is off, whatever the function returned", () => {
    assert.deepEqual(deleted(success(JSON.stringify({ batchItemFailures: [{ itemIdentifier: "m1" }] })), false), ["m1", "m2", "m3"]);
    assert.deepEqual(deleted(success("not json"), false), ["m1", "m2", "m3"]);
  });

  it("treats responses that list no failures as a full success", () => {
    for (const payload of ["", "null", "{}", '{"batchItemFailures":[]}', '{"batchItemFailures":null}', '{"other":1}']) {
      assert.deepEqual(deleted(success(payload)), ["m1", "m2", "m3"], payload);
    }
  });

  it("keeps exactly the messages listed as failures", () => {
    const payload = JSON.stringify({ batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }] });
    assert.deepEqual(deleted(success(payload)), ["m1"]);
  });

  it("treats unreadable responses as a full failure", () => {
    const unreadable = [
      "{not json",
      '"a string"',
      "[]",
      '{"batchItemFailures":"m1"}',
      '{"batchItemFailures":[{"itemIdentifier":""}]}',
      '{"batchItemFailures":[{"itemIdentifier":null}]}',
      '{"batchItemFailures":[{"itemId":"m1"}]}',
      '{"batchItemFailures":[{"itemIdentifier":"not-in-batch"}]}',
      '{"batchItemFailures":[null]}',
    ];
    for (const payload of unreadable) assert.deepEqual(deleted(success(payload)), [], payload);
  });
});
