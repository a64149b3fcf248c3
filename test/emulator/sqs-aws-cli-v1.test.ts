/**
 * The pip-installed AWS CLI v1 (botocore 1.4x) speaks SQS over JSON 1.0 and
 * checks body digests itself: an independent client for the JSON codec.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const run = promisify(execFile);
describe("SQS with the AWS CLI v1 (JSON protocol)", { concurrency: true }, () => {
  let emulator: RunningEmulator;
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };

  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  async function aws(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
    const argv = ["-m", "awscli", "--endpoint-url", emulator.endpoint, "--output", "json", "sqs", ...args];
    try {
      const { stdout, stderr } = await run("python3", argv, { env });
      return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, json: undefined, stderr: failed.stderr };
    }
  }

  it("creates, sends, receives with attributes, deletes and reads queue attributes", async () => {
    const created = await aws("create-queue", "--queue-name", "cli-v1", "--attributes", "VisibilityTimeout=45", "--tags", "team=data");
    assert.equal(created.code, 0, created.stderr);
    const url = created.json.QueueUrl;
    assert.equal(url, `${emulator.endpoint}/${TEST_ACCOUNT}/cli-v1`);

    const sent = await aws(
      "send-message",
      "--queue-url", url,
      "--message-body", "hello from cli v1",
      "--message-attributes", JSON.stringify({ k: { DataType: "String", StringValue: "v" }, n: { DataType: "Number", StringValue: "7" } }),
    );
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(sent.json.MD5OfMessageBody, createHash("md5").update("hello from cli v1").digest("hex"));

    const received = await aws(
      "receive-message", "--queue-url", url, "--attribute-names", "All", "--message-attribute-names", "All", "--max-number-of-messages", "10",
    );
    assert.equal(received.code, 0, received.stderr);
    const [message] = received.json.Messages;
    assert.equal(message.MessageId, sent.json.MessageId);
    assert.equal(message.Body, "hello from cli v1");
    assert.equal(message.Attributes.SenderId, TEST_ACCOUNT);
    assert.equal(message.Attributes.ApproximateReceiveCount, "1");
    assert.deepEqual(message.MessageAttributes, {
      k: { DataType: "String", StringValue: "v" },
      n: { DataType: "Number", StringValue: "7" },
    });
    assert.equal(message.MD5OfMessageAttributes, sent.json.MD5OfMessageAttributes);

    const deleted = await aws("delete-message", "--queue-url", url, "--receipt-handle", message.ReceiptHandle);
    assert.equal(deleted.code, 0, deleted.stderr);

    const attributes = await aws("get-queue-attributes", "--queue-url", url, "--attribute-names", "All");
    assert.equal(attributes.json.Attributes.VisibilityTimeout, "45");
    assert.equal(attributes.json.Attributes.ApproximateNumberOfMessages, "0");
    assert.equal(attributes.json.Attributes.ApproximateNumberOfMessagesNotVisible, "0");
  });

  it("reports a missing queue with SQS's error code", async () => {
    const missing = await aws("get-queue-url", "--queue-name", "not-there");
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /AWS\.SimpleQueueService\.NonExistentQueue|QueueDoesNotExist/);
    assert.match(missing.stderr, /The specified queue does not exist/);
  });
});
