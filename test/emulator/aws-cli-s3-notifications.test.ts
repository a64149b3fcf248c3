/**
 * The pipeline's first hops driven only by independent clients, as a user
 * would from a shell: the pip AWS CLI v1 for S3 and SNS, and Debian's AWS CLI
 * 2.9 (old SQS query protocol) for SQS. Bucket -> topic -> queue, with the
 * two classic mistakes: no topic policy (S3 refuses the configuration) and no
 * queue policy (nothing arrives).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { startTestEmulator } from "../helpers/emulator.js";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BUCKET = "cli-pipeline-bucket";
const REPORT = "a,b\n1,2\n";

describe("AWS CLI: S3 event notifications through SNS to SQS", () => {
  let emulator: RunningEmulator;
  let workDir: string;
  let topicArn: string;
  let queueUrl: string;
  let queueArn: string;
  const logs: EmulatorLogEntry[] = [];
  const logWaiters: (() => void)[] = [];

  before(async () => {
    emulator = await startTestEmulator({
      log: (entry) => {
        logs.push(entry);
        for (const wake of logWaiters.splice(0)) wake();
      },
    });
    workDir = mkdtempSync(join(tmpdir(), "eda-cli-"));
  });
  after(async () => {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Runs a CLI without blocking the event loop (the emulator answers it from this process). */
  function cli(command: string, launcher: string[], args: string[]): Promise<CliResult> {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: join(workDir, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(workDir, "no-credentials"),
      AWS_PAGER: "",
    };
    return new Promise((resolve) => {
      execFile(command, [...launcher, "--endpoint-url", emulator.endpoint, "--output", "json", ...args], { env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  /** pip AWS CLI v1 (botocore 1.43): S3 and SNS. */
  function pipCli(args: string[]): Promise<CliResult> {
    return cli("python3", ["-m", "awscli"], args);
  }

  async function pip(...args: string[]): Promise<Record<string, any>> {
    return parsed(await pipCli(args), args);
  }

  /** Debian's AWS CLI 2.9: SQS over the query protocol. */
  async function debian(...args: string[]): Promise<Record<string, any>> {
    return parsed(await cli("/usr/bin/aws", [], args), args);
  }

  function parsed(result: CliResult, args: string[]): Record<string, any> {
    assert.equal(result.code, 0, `${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout.trim() ? (JSON.parse(result.stdout) as Record<string, any>) : {};
  }

  /** Writes a file in the work directory and returns its path. */
  function workFile(name: string, content: string): string {
    const path = join(workDir, name);
    writeFileSync(path, content);
    return path;
  }

  function notificationConfiguration(): string {
    return `file://${workFile(
      "notification.json",
      JSON.stringify({
        TopicConfigurations: [{ Id: "uploads-to-topic", TopicArn: topicArn, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } } }],
      }),
    )}`;
  }

  function waitForLogs(count: number, match: (entry: EmulatorLogEntry) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (logs.filter(match).length >= count ? resolve() : logWaiters.push(check));
      check();
    });
  }

  it("creates the bucket, the topic and the queue", async () => {
    const [bucket, topic, queue] = await Promise.all([
      pip("s3api", "create-bucket", "--bucket", BUCKET),
      pip("sns", "create-topic", "--name", "cli-pipeline-topic"),
      debian("sqs", "create-queue", "--queue-name", "cli-pipeline-queue"),
    ]);
    assert.equal(bucket.Location, `/${BUCKET}`);
    topicArn = topic.TopicArn;
    queueUrl = queue.QueueUrl;
    assert.equal(new URL(queueUrl).origin, emulator.endpoint, "the queue URL points at the emulator");
    queueArn = (await debian("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")).Attributes.QueueArn;
    assert.equal(queueArn, "arn:aws:sqs:us-east-1:000000000000:cli-pipeline-queue");
  });

  it("refuses the notification configuration while the topic policy does not admit S3", async () => {
    const result = await pipCli(["s3api", "put-bucket-notification-configuration", "--bucket", BUCKET, "--notification-configuration", notificationConfiguration()]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /An error occurred \(InvalidArgument\) when calling the PutBucketNotificationConfiguration operation: Unable to validate the following destination configurations/);
  });

  it("accepts it once the topic policy admits S3; without a queue policy nothing reaches the subscribed queue", async () => {
    const topicPolicy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowS3Publish",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: topicArn,
          Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:*:*:${BUCKET}` }, StringEquals: { "aws:SourceAccount": "000000000000" } },
        },
      ],
    };
    await pip("sns", "set-topic-attributes", "--topic-arn", topicArn, "--attribute-name", "Policy", "--attribute-value", JSON.stringify(topicPolicy));
    const subscription = await pip("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn);
    assert.match(subscription.SubscriptionArn, new RegExp(`^${topicArn}:`));
    await pip("s3api", "put-bucket-notification-configuration", "--bucket", BUCKET, "--notification-configuration", notificationConfiguration());
    await pip("s3", "cp", workFile("report.csv", REPORT), `s3://${BUCKET}/uploads/first report.csv`, "--only-show-errors");

    // SNS drops both the s3:TestEvent and the upload's event: the queue policy does not admit it.
    await waitForLogs(2, (entry) => entry.message === "SNS delivery failed; the message is dropped" && JSON.stringify(entry).includes(queueArn));
    const received = await debian("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "0", "--max-number-of-messages", "10");
    assert.equal(received.Messages, undefined);
  });

  it("with the queue policy, the queue receives the s3:TestEvent and then the upload's event in the SNS envelope", async () => {
    const queuePolicy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queueArn, Condition: { ArnEquals: { "aws:SourceArn": topicArn } } }],
    };
    await debian("sqs", "set-queue-attributes", "--queue-url", queueUrl, "--attributes", `file://${workFile("queue-attributes.json", JSON.stringify({ Policy: JSON.stringify(queuePolicy) }))}`);
    await pip("s3api", "put-bucket-notification-configuration", "--bucket", BUCKET, "--notification-configuration", notificationConfiguration());
    await pip("s3", "cp", join(workDir, "report.csv"), `s3://${BUCKET}/uploads/my report.csv`, "--only-show-errors");

    const receiveOne = async () => {
      const answer = await debian("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "20");
      assert.equal(answer.Messages?.length, 1);
      const envelope = JSON.parse(answer.Messages[0].Body) as Record<string, string>;
      assert.equal(envelope.Type, "Notification");
      assert.equal(envelope.TopicArn, topicArn);
      assert.equal(envelope.Subject, "Amazon S3 Notification");
      return JSON.parse(envelope.Message!) as Record<string, any>;
    };
    const testEvent = await receiveOne();
    assert.equal(testEvent.Event, "s3:TestEvent");
    assert.equal(testEvent.Bucket, BUCKET);
    assert.equal(testEvent.Records, undefined);

    const event = await receiveOne();
    const record = event.Records[0];
    assert.equal(record.eventName, "ObjectCreated:Put");
    assert.equal(record.s3.configurationId, "uploads-to-topic");
    assert.equal(record.s3.bucket.name, BUCKET);
    assert.equal(record.s3.object.key, "uploads/my+report.csv");
    assert.equal(record.s3.object.size, REPORT.length);
    assert.equal(record.s3.object.eTag, createHash("md5").update(REPORT).digest("hex"));
  });
});
