/**
 * The built consumer bundles (dist/handlers/<name>/index.mjs), imported as
 * Lambda would load them, against the emulator's S3 over HTTP: the SDK client
 * inside the bundle is configured only by the environment, as in Lambda.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import type { EdaResult } from "../../handlers/shared/result.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { eventually } from "../helpers/eventually.js";
import { encodeS3EventKey, s3EventJson, s3EventRecord, snsEnvelope, sqsEvent, sqsRecord } from "../../bench/lib/workloads/lambda-events.js";

type ConsumerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUCKET = "eda-handlers-e2e";

/**
 * Imports a built bundle. `instance` gives a fresh module (and S3 client) that
 * picks up the credentials in the environment at that moment.
 */
async function load(name: string, instance = "default"): Promise<ConsumerHandler> {
  const url = `${pathToFileURL(join(packageRoot, "dist", "handlers", name, "index.mjs")).href}?instance=${instance}`;
  return ((await import(url)) as { handler: ConsumerHandler }).handler;
}

describe("built consumers against the emulator's S3", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  let inventory: ConsumerHandler;
  let audit: ConsumerHandler;
  const logLines: string[] = [];
  const consoleLog = console.log;

  before(async () => {
    execFileSync(process.execPath, [join(packageRoot, "scripts", "build-handlers.mjs")], { stdio: "pipe" });
    emulator = await startTestEmulator();
    // What Lambda gives the function, plus the endpoint an emulator deployment sets.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_REGION: TEST_REGION,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      EDA_BUCKET: BUCKET,
    });
    inventory = await load("inventory");
    audit = await load("audit");
    // The consumers' per-record lines (CloudWatch Logs on AWS) are asserted, not printed.
    console.log = (line: string) => logLines.push(line);
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  after(async () => {
    console.log = consoleLog;
    s3?.destroy();
    await emulator?.stop();
  });

  /** Uploads an object and returns the SQS record Lambda would deliver for its S3 event via SNS. */
  async function upload(key: string, body: string, extra: Partial<PutObjectCommandInput> = {}, messageId?: string) {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...extra }));
    const event = s3EventJson(
      s3EventRecord({
        bucket: BUCKET,
        encodedKey: encodeS3EventKey(key),
        size: Buffer.byteLength(body),
        eTag: put.ETag!.replace(/"/g, ""),
        sequencer: "0066F1A2B3C4D5E6F7",
      }),
    );
    return sqsRecord(snsEnvelope(event), { messageId });
  }

  async function readResult(key: string): Promise<EdaResult> {
    const output = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    assert.equal(output.ContentType, "application/json");
    return JSON.parse(await output.Body!.transformToString()) as EdaResult;
  }

  async function resultKeys(): Promise<string[]> {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "results/" }));
    return (listing.Contents ?? []).map((object) => object.Key!).sort();
  }

  it("inventory reads the uploaded object and writes its result under the decoded key", async () => {
    const record = await upload("uploads/e2e/red flower+1.txt", "hello world\nsecond line\n", {
      ContentType: "text/plain",
    });
    const response = await inventory(sqsEvent(record));
    assert.deepEqual(response, { batchItemFailures: [] });

    const result = await readResult("results/inventory/e2e/red flower+1.txt.json");
    assert.ok(result.source === "s3");
    assert.equal(result.key, "uploads/e2e/red flower+1.txt");
    assert.equal(result.bucket, BUCKET);
    assert.equal(result.messageId, record.messageId);
    assert.deepEqual(result.inventory, {
      contentType: "text/plain",
      eTag: "b7dddf722cfdc51710087d369f8d9e6b",
      size: 24,
      sha256: "1cf34cbeaca6f2ce821c4b6369c37c583b1cc10846122a8c77a4df77d0d5b7b8",
      lines: 2,
      words: 4,
    });
  });

  it("audit records the event after a HeadObject and writes its own result", async () => {
    const record = await upload("uploads/e2e/audit me.csv", "a,b\n1,2\n");
    const response = await audit(sqsEvent(record));
    assert.deepEqual(response, { batchItemFailures: [] });

    const result = await readResult("results/audit/e2e/audit me.csv.json");
    assert.ok(result.source === "s3");
    assert.equal(result.consumer, "audit");
    assert.deepEqual(result.audit, {
      eventName: "ObjectCreated:Put",
      eventTime: "2026-01-01T12:00:00.123Z",
      principalId: "AWS:AIDAEXAMPLE",
      sourceIp: "203.0.113.7",
      sequencer: "0066F1A2B3C4D5E6F7",
    });
    assert.equal(result.hops.snsTimestamp, Date.parse("2026-01-01T12:00:00.901Z"));
  });

  it("a poisoned object fails alone, leaves no result, and succeeds once the marker is removed", async () => {
    const poisoned = await upload("uploads/e2e/poison.bin", "bad", { Metadata: { "eda-poison": "1" } }, "poison-1");
    const healthy = await upload("uploads/e2e/healthy.bin", "good");

    for (const handler of [inventory, audit]) {
      const response = await handler(sqsEvent(poisoned, healthy));
      assert.deepEqual(response, { batchItemFailures: [{ itemIdentifier: "poison-1" }] });
    }
    const keys = await resultKeys();
    assert.ok(keys.includes("results/inventory/e2e/healthy.bin.json"));
    assert.ok(keys.includes("results/audit/e2e/healthy.bin.json"));
    assert.ok(!keys.some((key) => key.includes("poison")), keys.join(", "));
    const poisonLines = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.messageId === "poison-1");
    assert.deepEqual(
      poisonLines.map((entry) => [entry.consumer, entry.outcome]),
      [
        ["inventory", "failed"],
        ["audit", "failed"],
      ],
    );
    assert.match(poisonLines[0].reason, /eda-poison/);

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/e2e/poison.bin", Body: "bad" }));
    assert.deepEqual(await inventory(sqsEvent(poisoned)), { batchItemFailures: [] });
    assert.equal((await readResult("results/inventory/e2e/poison.bin.json")).receiveCount, 1);
  });

  it("a direct message becomes results/<consumer>/messages/<id>.json", async () => {
    const response = await inventory(sqsEvent(sqsRecord('{"id":"e2e-order-7","total":3}')));
    assert.deepEqual(response, { batchItemFailures: [] });
    const result = await readResult("results/inventory/messages/e2e-order-7.json");
    assert.ok(result.source === "message");
    assert.equal(result.message.body, '{"id":"e2e-order-7","total":3}');
  });

  it("consumes what the emulator's own S3 -> SNS -> SQS chain delivers, test event included", async () => {
    const sns = new SNSClient(clientConfig(emulator));
    const sqs = new SQSClient(clientConfig(emulator));
    const bucket = "eda-handlers-chain";
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "eda-handlers-chain" }));
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn,
        AttributeName: "Policy",
        AttributeValue: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "s3.amazonaws.com" },
              Action: "SNS:Publish",
              Resource: TopicArn,
              Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:*:*:${bucket}` } },
            },
          ],
        }),
      }),
    );
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "eda-handlers-chain" }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    const queueArn = Attributes!.QueueArn!;
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "sns.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": TopicArn } },
              },
            ],
          }),
        },
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          TopicConfigurations: [
            {
              TopicArn,
              Events: ["s3:ObjectCreated:*"],
              Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } },
            },
          ],
        },
      }),
    );
    const key = "uploads/chain/a b+c (1).txt";
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "through every hop\n", ContentType: "text/plain" }));

    // Collect the test event and the object's event, as the event source mapping would.
    // Synchronised on state (both messages received), not on a count of 2-second polls sized for an idle machine.
    const messages: Message[] = [];
    await eventually("the s3:TestEvent and the ObjectCreated event in the queue", async () => {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2, MessageSystemAttributeNames: ["All"] }),
      );
      messages.push(...(received.Messages ?? []));
      return messages.length >= 2;
    });
    assert.equal(messages.length, 2, "the s3:TestEvent and one ObjectCreated event");
    const records: SQSRecord[] = messages.map((message) => ({
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body!,
      attributes: message.Attributes as unknown as SQSRecord["attributes"],
      messageAttributes: {},
      md5OfBody: message.MD5OfBody!,
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: TEST_REGION,
    }));

    process.env.EDA_BUCKET = bucket;
    try {
      assert.deepEqual(await inventory({ Records: records }), { batchItemFailures: [] });
    } finally {
      process.env.EDA_BUCKET = BUCKET;
    }

    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "results/" }));
    assert.deepEqual(
      (listing.Contents ?? []).map((object) => object.Key),
      ["results/inventory/chain/a b+c (1).txt.json"],
    );
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "results/inventory/chain/a b+c (1).txt.json" }));
    const result = JSON.parse(await output.Body!.transformToString()) as EdaResult;
    assert.ok(result.source === "s3");
    assert.equal(result.key, key);
    assert.equal(result.inventory?.size, 18);
    assert.equal(result.inventory?.lines, 1);
    assert.ok(result.hops.s3EventTime! <= result.hops.snsTimestamp!);
    assert.ok(result.hops.snsTimestamp! <= result.hops.sqsSentTimestamp);
    const skipped = logLines.map((line) => JSON.parse(line)).find((entry) => entry.reason === "s3:TestEvent");
    assert.ok(skipped, "the test event was acknowledged and skipped");
    sns.destroy();
    sqs.destroy();
  });

  it("needs only GetObject on uploads/ and PutObject on its results prefix; a denial fails just that record", async () => {
    const iam = new IAMClient(clientConfig(emulator));
    const policy = (resultsResource: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/uploads/*` },
          { Effect: "Allow", Action: "s3:PutObject", Resource: resultsResource },
        ],
      });
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    /** The bundle as Lambda runs it: signing with a session of the function's execution role. */
    async function loadAsRole(name: "inventory" | "audit", roleName: string, resultsResource: string) {
      await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }));
      await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "s3", PolicyDocument: policy(resultsResource) }));
      const session = roleSession(emulator.hub, `arn:aws:iam::${TEST_ACCOUNT}:role/${roleName}`, roleName);
      assert.ok(session);
      const keys = emulator.hub.credentials.issueSession(session);
      const handler = await load(name, roleName);
      // The bundle's client reads credentials from the environment when it first signs, as in Lambda.
      return async (event: SQSEvent) => {
        const admin = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
        process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
        process.env.AWS_SESSION_TOKEN = keys.sessionToken;
        try {
          return await handler(event);
        } finally {
          process.env.AWS_ACCESS_KEY_ID = admin.id;
          process.env.AWS_SECRET_ACCESS_KEY = admin.secret;
          delete process.env.AWS_SESSION_TOKEN;
        }
      };
    }

    const inventoryAsRole = await loadAsRole("inventory", "eda-inventory-role", `arn:aws:s3:::${BUCKET}/results/inventory/*`);
    const auditAsRole = await loadAsRole("audit", "eda-audit-role", `arn:aws:s3:::${BUCKET}/results/audit/*`);
    const readOnly = await loadAsRole("inventory", "eda-read-only-role", `arn:aws:s3:::${BUCKET}/elsewhere/*`);
    const record = await upload("uploads/e2e/least-privilege.txt", "minimal\n", {}, "least-1");

    assert.deepEqual(await inventoryAsRole(sqsEvent(record)), { batchItemFailures: [] });
    assert.deepEqual(await auditAsRole(sqsEvent(record)), { batchItemFailures: [] });
    const keys = await resultKeys();
    assert.ok(keys.includes("results/inventory/e2e/least-privilege.txt.json"));
    assert.ok(keys.includes("results/audit/e2e/least-privilege.txt.json"));

    const other = await upload("uploads/e2e/denied.txt", "x\n", {}, "denied-1");
    assert.deepEqual(await readOnly(sqsEvent(other, sqsRecord('{"id":"denied-2"}', { messageId: "denied-2" }))), {
      batchItemFailures: [{ itemIdentifier: "denied-1" }, { itemIdentifier: "denied-2" }],
    });
    const denial = logLines.map((line) => JSON.parse(line)).find((entry) => entry.messageId === "denied-1");
    assert.match(denial.reason, /AccessDenied/);
    iam.destroy();
  });
});
