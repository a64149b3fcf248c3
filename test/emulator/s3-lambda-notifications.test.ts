/**
 * S3 notifications to a Lambda function (CloudFunctionConfiguration): S3
 * checks the function's resource policy when the configuration is put, and
 * invokes the function asynchronously as s3.amazonaws.com on each event.
 * The function forwards the event it received to a queue the test reads.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IAMClient } from "@aws-sdk/client-iam";
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { createExecutionRole, zipOf } from "../helpers/lambda.js";

const BUCKET = "function-events";
const FORWARDER = `
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
const sqs = new SQSClient({});
export const handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.FORWARD_TO, MessageBody: JSON.stringify(event) }));
};
`;

describe("S3 event notifications to a Lambda function", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  let functionArn: string;
  let forwardedTo: string;

  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    const sqs = new SQSClient(clientConfig(emulator));
    forwardedTo = (await sqs.send(new CreateQueueCommand({ QueueName: "forwarded-events" }))).QueueUrl!;
    const role = await createExecutionRole(new IAMClient(clientConfig(emulator)), "forwarder-role", [
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:forwarded-events` },
    ]);
    const created = await new LambdaClient(clientConfig(emulator)).send(
      new CreateFunctionCommand({
        FunctionName: "forwarder",
        Runtime: "nodejs22.x",
        Role: role,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.mjs": FORWARDER }) },
        Environment: { Variables: { FORWARD_TO: forwardedTo } },
      }),
    );
    functionArn = created.FunctionArn!;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  after(async () => {
    await emulator.stop();
  });

  const configure = () =>
    s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: BUCKET,
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ Id: "to-function", LambdaFunctionArn: functionArn, Events: ["s3:ObjectCreated:Put"] }] },
      }),
    );

  it("refuses the configuration until the function's policy lets S3 invoke it", async () => {
    await assert.rejects(configure(), (error: Error & Record<string, unknown>) => {
      assert.equal(error.name, "InvalidArgument");
      assert.equal(error.message, "Unable to validate the following destination configurations");
      // S3 names the function with a trailing ", null" (localstack test_s3_notifications_lambda.snapshot.json "test_invalid_lambda_arn").
      assert.equal(error.ArgumentName1, `${functionArn}, null`);
      assert.equal(error.ArgumentValue1, `Not authorized to invoke function [${functionArn}]`);
      return true;
    });
  });

  it("invokes the function with the event record once S3 is permitted", async () => {
    await new LambdaClient(clientConfig(emulator)).send(
      new AddPermissionCommand({
        FunctionName: "forwarder",
        StatementId: "s3-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "s3.amazonaws.com",
        SourceArn: `arn:aws:s3:::${BUCKET}`,
        SourceAccount: TEST_ACCOUNT,
      }),
    );
    await configure();
    const stored = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: BUCKET }));
    assert.equal(stored.LambdaFunctionConfigurations?.[0]?.LambdaFunctionArn, functionArn);

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/for function.txt", Body: "hello" }));
    const sqs = new SQSClient(clientConfig(emulator));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: forwardedTo, WaitTimeSeconds: 20 }));
    assert.equal(received.Messages?.length, 1);
    const forwarded = JSON.parse(received.Messages![0]!.Body!) as { Records?: Record<string, any>[] };
    assert.ok(forwarded.Records, "the first invocation is the upload: functions get no s3:TestEvent");
    const record = forwarded.Records[0]!;
    assert.equal(record.eventName, "ObjectCreated:Put");
    assert.equal(record.s3.configurationId, "to-function");
    assert.equal(record.s3.object.key, "uploads/for+function.txt");
    assert.equal(record.s3.object.eTag, "5d41402abc4b2a76b9719d911017c592");
  });
});
