/**
 * A burst of uploads through S3 -> SNS -> two SQS queues, the pipeline's
 * fan-out: every object's event reaches each queue exactly once, wrapped in
 * a Notification whose signature verifies against the certificate at
 * SigningCertURL, and each copy names the same SNS message.
 */
import assert from "node:assert/strict";
import { verify, X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { s3Store } from "../../src/emulator/services/s3/store.js";
import { deliveriesSettled } from "../../src/emulator/services/sns/delivery.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const UPLOADS = 120;

interface Notification {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

describe("S3 -> SNS -> SQS under a burst of uploads", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  let sns: SNSClient;
  let sqs: SQSClient;

  before(async () => {
    emulator = await startTestEmulator();
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    sns = new SNSClient(clientConfig(emulator));
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    for (const client of [s3, sns, sqs]) client.destroy();
    await emulator.stop();
  });

  async function subscribedQueue(name: string, topicArn: string): Promise<string> {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: arn, Condition: { ArnEquals: { "aws:SourceArn": topicArn } } }],
    };
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(policy) } }));
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: arn }));
    return url;
  }

  async function drain(url: string): Promise<Notification[]> {
    const notifications: Notification[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (Messages.length === 0) return notifications;
      notifications.push(...Messages.map((message) => JSON.parse(message.Body!) as Notification));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
    }
  }

  /** AWS's documented check: the string to sign rebuilt from the envelope, SHA1withRSA (version 1). */
  function signatureIsValid(notification: Notification, certificate: X509Certificate): boolean {
    const fields = notification as unknown as Record<string, string | undefined>;
    const text = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      .filter((name) => fields[name] !== undefined)
      .map((name) => `${name}\n${fields[name]}\n`)
      .join("");
    return verify("sha1", Buffer.from(text, "utf8"), certificate.publicKey, Buffer.from(notification.Signature, "base64"));
  }

  it("delivers every object's event to both queues once, signed", async () => {
    const bucket = "burst-bucket";
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: "burst-uploads" }))).TopicArn!;
    const topicPolicy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: topicArn,
          Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:*:*:${bucket}` }, StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
        },
      ],
    };
    await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: "Policy", AttributeValue: JSON.stringify(topicPolicy) }));
    const queues = [await subscribedQueue("burst-inventory", topicArn), await subscribedQueue("burst-audit", topicArn)];
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { TopicConfigurations: [{ TopicArn: topicArn, Events: ["s3:ObjectCreated:*"], Id: "uploads" }] },
      }),
    );
    await s3Store(emulator.hub).deliveriesSettled();
    await deliveriesSettled(emulator.hub);
    for (const url of queues) await drain(url); // the s3:TestEvent

    const keys = Array.from({ length: UPLOADS }, (_, index) => `uploads/burst-${index}.txt`);
    await Promise.all(keys.map((key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))));
    await s3Store(emulator.hub).deliveriesSettled();
    await deliveriesSettled(emulator.hub);

    const [first, second] = await Promise.all(queues.map(drain));
    const certificate = new X509Certificate(await (await fetch(first![0]!.SigningCertURL)).text());
    for (const notifications of [first!, second!]) {
      const delivered = notifications.map((notification) => (JSON.parse(notification.Message) as { Records: { s3: { object: { key: string } } }[] }).Records[0]!.s3.object.key);
      assert.deepEqual([...delivered].sort(), [...keys].sort());
      assert.ok(notifications.every((notification) => notification.Type === "Notification" && notification.Subject === "Amazon S3 Notification"));
      assert.ok(notifications.every((notification) => signatureIsValid(notification, certificate)), "every signature verifies");
    }
    const byMessageId = new Map(first!.map((notification) => [notification.MessageId, notification]));
    for (const notification of second!) assert.equal(byMessageId.get(notification.MessageId)?.Message, notification.Message);
  });
});
