/**
 * Debian 12's packaged AWS CLI 2.9 (/usr/bin/aws) still speaks SQS over the
 * old query protocol: form-encoded requests with flattened members, XML
 * answers. It checks body and attribute digests itself.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const run = promisify(execFile);
const DEBIAN_AWS = "/usr/bin/aws";

describe("SQS with Debian's AWS CLI 2.9 (query protocol)", { concurrency: true }, () => {
  let emulator: RunningEmulator;
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };

  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  async function aws(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
    const argv = ["--endpoint-url", emulator.endpoint, "--output", "json", "sqs", ...args];
    try {
      const { stdout, stderr } = await run(DEBIAN_AWS, argv, { env });
      return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, json: undefined, stderr: failed.stderr };
    }
  }

  it("creates, sends, receives several messages with attributes, deletes and reads queue attributes", async () => {
    const created = await aws("create-queue", "--queue-name", "query-cli", "--attributes", "VisibilityTimeout=50,DelaySeconds=0", "--tags", "team=data");
    assert.equal(created.code, 0, created.stderr);
    const url = created.json.QueueUrl;
    assert.equal(url, `${emulator.endpoint}/${TEST_ACCOUNT}/query-cli`);

    const attributes = JSON.stringify({
      k: { DataType: "String", StringValue: "v" },
      b: { DataType: "Binary", BinaryValue: "AAE=" },
    });
    // Independent calls run side by side: each CLI start costs a second or more.
    const [sent, batch] = await Promise.all([
      aws("send-message", "--queue-url", url, "--message-body", "hello <query> & co", "--message-attributes", attributes),
      aws("send-message-batch", "--queue-url", url, "--entries", JSON.stringify([{ Id: "one", MessageBody: "second" }, { Id: "two", MessageBody: "third" }])),
    ]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(batch.code, 0, batch.stderr);
    assert.deepEqual(batch.json.Successful.map((s: { Id: string }) => s.Id), ["one", "two"]);

    const received = await aws(
      "receive-message", "--queue-url", url, "--attribute-names", "All", "--message-attribute-names", "All", "--max-number-of-messages", "10",
    );
    assert.equal(received.code, 0, received.stderr);
    const messages: { Body: string; MessageId: string; ReceiptHandle: string; Attributes: Record<string, string>; MessageAttributes?: unknown }[] =
      received.json.Messages;
    assert.deepEqual(messages.map((m) => m.Body).sort(), ["hello <query> & co", "second", "third"]);
    const first = messages.find((m) => m.MessageId === sent.json.MessageId)!;
    assert.equal(first.Body, "hello <query> & co");
    assert.equal(first.Attributes.SenderId, TEST_ACCOUNT);
    assert.equal(first.Attributes.ApproximateReceiveCount, "1");
    assert.deepEqual(first.MessageAttributes, {
      k: { DataType: "String", StringValue: "v" },
      b: { DataType: "Binary", BinaryValue: "AAE=" },
    });

    const deleted = await aws(
      "delete-message-batch", "--queue-url", url,
      "--entries", JSON.stringify(messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle }))),
    );
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.json.Successful.length, 3);

    const queueAttributes = await aws("get-queue-attributes", "--queue-url", url, "--attribute-names", "All");
    assert.equal(queueAttributes.json.Attributes.VisibilityTimeout, "50");
    assert.equal(queueAttributes.json.Attributes.ApproximateNumberOfMessages, "0");
    assert.equal(queueAttributes.json.Attributes.ApproximateNumberOfMessagesNotVisible, "0");
    assert.equal(queueAttributes.json.Attributes.QueueArn, `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:query-cli`);
  });

  it("reports a missing queue with SQS's query error code", async () => {
    const missing = await aws("get-queue-url", "--queue-name", "not-there");
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /AWS\.SimpleQueueService\.NonExistentQueue/);
    assert.match(missing.stderr, /The specified queue does not exist/);
  });
});
