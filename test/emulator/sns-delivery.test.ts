/**
 * SNS -> SQS delivery end to end: SDK clients publish and receive over HTTP;
 * the emulator delivers through SQS's front door, so queue policies decide.
 * Tests wait for deliveries with deliveriesSettled() instead of sleeping.
 */
import assert from "node:assert/strict";
import { verify, X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { adminPrincipal, servicePrincipal } from "../../src/emulator/policy/principal.js";
import { deliveriesSettled } from "../../src/emulator/services/sns/delivery.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const START = Date.UTC(2026, 0, 1, 12, 0, 0, 901);
const FOREIGN_ACCOUNT = "111111111111";

interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  UnsubscribeURL?: string;
  SubscribeURL?: string;
  Token?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** The queue policy SNS needs (aws-behaviour §4.6). */
function allowTopic(queueArn: string, topicArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowTopic",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
      },
    ],
  });
}

/** AWS's documented verification: fetch SigningCertURL, rebuild the string to sign, check with SHA1/SHA256withRSA. */
async function signatureIsValid(envelope: Envelope): Promise<boolean> {
  const certificate = new X509Certificate(await (await fetch(envelope.SigningCertURL)).text());
  const names =
    envelope.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const fields = envelope as unknown as Record<string, string | undefined>;
  const text = names
    .filter((name) => fields[name] !== undefined)
    .map((name) => `${name}\n${fields[name]}\n`)
    .join("");
  const algorithm = envelope.SignatureVersion === "2" ? "sha256" : "sha1";
  return verify(algorithm, Buffer.from(text, "utf8"), certificate.publicKey, Buffer.from(envelope.Signature, "base64"));
}

describe("SNS delivery to SQS", () => {
  let emulator: RunningEmulator;
  let sns: SNSClient;
  let sqs: SQSClient;
  const log: EmulatorLogEntry[] = [];
  let counter = 0;

  const newTopic = async () => (await sns.send(new CreateTopicCommand({ Name: `deliveries-${++counter}` }))).TopicArn!;

  /** A queue, with the policy that admits `topicArn` unless told otherwise. */
  async function newQueue(topicArn: string | undefined, client = sqs) {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: `queue-${++counter}` }));
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    const arn = Attributes!.QueueArn!;
    if (topicArn) await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: allowTopic(arn, topicArn) } }));
    return { url: QueueUrl!, arn };
  }

  const subscribe = async (TopicArn: string, queueArn: string, Attributes?: Record<string, string>) =>
    (await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn, Attributes, ReturnSubscriptionArn: true })))
      .SubscriptionArn!;

  /** Clients of a second account, whose queues need subscriptions confirmed. */
  function foreignClients() {
    const credentials = { accessKeyId: "foreign-key", secretAccessKey: "foreign-secret" };
    emulator.hub.credentials.addPermanent(credentials.accessKeyId, credentials.secretAccessKey, adminPrincipal(FOREIGN_ACCOUNT));
    return { foreignSqs: new SQSClient(clientConfig(emulator, { credentials })), foreignSns: new SNSClient(clientConfig(emulator, { credentials })) };
  }

  /** Everything delivered so far (short poll after the deliveries settled). */
  async function drain(url: string, client = sqs): Promise<Message[]> {
    await deliveriesSettled(emulator.hub);
    const messages: Message[] = [];
    for (;;) {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ["All"] }),
      );
      if (!Messages?.length) return messages;
      messages.push(...Messages);
    }
  }

  const envelopes = async (url: string, client = sqs) => (await drain(url, client)).map((message) => JSON.parse(message.Body!) as Envelope);

  before(async () => {
    emulator = await startTestEmulator({ clock: new ManualClock(START), log: (entry) => log.push(entry) });
    sns = new SNSClient(clientConfig(emulator));
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    sns.destroy();
    sqs.destroy();
    await emulator.stop();
  });

  it("delivers the notification envelope with AWS's fields, layout and a verifiable signature", async () => {
    const topic = await newTopic();
    const queue = await newQueue(topic);
    const subscription = await subscribe(topic, queue.arn);
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Subject: "Amazon S3 Notification",
        Message: '{"Records":[]}',
        MessageAttributes: {
          event: { DataType: "String", StringValue: "created" },
          size: { DataType: "Number", StringValue: "42" },
          blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    const [message, ...rest] = await drain(queue.url);
    assert.equal(rest.length, 0);
    assert.equal(message?.MessageAttributes, undefined, "the envelope carries the attributes, not the SQS message");
    const body = message!.Body!;
    const envelope = JSON.parse(body) as Envelope;
    assert.deepEqual(Object.keys(envelope), [
      "Type",
      "MessageId",
      "TopicArn",
      "Subject",
      "Message",
      "Timestamp",
      "SignatureVersion",
      "Signature",
      "SigningCertURL",
      "UnsubscribeURL",
      "MessageAttributes",
    ]);
    assert.equal(envelope.Type, "Notification");
    assert.equal(envelope.MessageId, MessageId);
    assert.equal(envelope.TopicArn, topic);
    assert.equal(envelope.Subject, "Amazon S3 Notification");
    assert.equal(envelope.Message, '{"Records":[]}');
    assert.equal(envelope.Timestamp, "2026-01-01T12:00:00.901Z");
    assert.equal(envelope.SignatureVersion, "1");
    assert.match(envelope.SigningCertURL, new RegExp(`^${emulator.endpoint}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
    assert.equal(envelope.UnsubscribeURL, `${emulator.endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscription}`);
    assert.deepEqual(envelope.MessageAttributes, {
      event: { Type: "String", Value: "created" },
      size: { Type: "Number", Value: "42" },
      blob: { Type: "Binary", Value: "AQID" },
    });
    // AWS's pretty-printed layout: two-space indent, `" : "` separators, attributes one per line.
    assert.ok(body.startsWith(`{\n  "Type" : "Notification",\n  "MessageId" : "${MessageId}",\n  "TopicArn" : "${topic}",\n`));
    assert.ok(body.includes(`  "Message" : "{\\"Records\\":[]}",\n`));
    assert.ok(body.endsWith(`  "MessageAttributes" : {\n    "event" : {"Type":"String","Value":"created"},\n    "size" : {"Type":"Number","Value":"42"},\n    "blob" : {"Type":"Binary","Value":"AQID"}\n  }\n}`));
    assert.equal(await signatureIsValid(envelope), true);
    assert.equal(await signatureIsValid({ ...envelope, Message: "tampered" }), false);
  });

  it("leaves out Subject and MessageAttributes when the publish had none", async () => {
    const topic = await newTopic();
    const queue = await newQueue(topic);
    await subscribe(topic, queue.arn);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "plain" }));
    const [envelope] = await envelopes(queue.url);
    assert.deepEqual(Object.keys(envelope!), ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"]);
  });

  it("signs with SHA256 when the topic asks for SignatureVersion 2", async () => {
    const topic = await newTopic();
    await sns.send(new SetTopicAttributesCommand({ TopicArn: topic, AttributeName: "SignatureVersion", AttributeValue: "2" }));
    const queue = await newQueue(topic);
    await subscribe(topic, queue.arn);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "v2", Subject: "s" }));
    const [envelope] = await envelopes(queue.url);
    assert.equal(envelope?.SignatureVersion, "2");
    assert.equal(await signatureIsValid(envelope!), true);
  });

  // The suite's clock is manual, so a lost delivery would leave the long polls waiting: fail instead.
  it("fans one message out to two queues", { timeout: 10_000 }, async () => {
    const topic = await newTopic();
    const first = await newQueue(topic);
    const second = await newQueue(topic);
    await subscribe(topic, first.arn);
    await subscribe(topic, second.arn);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topic, Message: "to both" }));
    // Long polls return as soon as the delivery lands.
    const receive = (QueueUrl: string) => sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    const [a, b] = await Promise.all([receive(first.url), receive(second.url)]);
    for (const { Messages } of [a, b]) {
      assert.equal(Messages?.length, 1);
      const envelope = JSON.parse(Messages![0]!.Body!) as Envelope;
      assert.equal(envelope.MessageId, MessageId);
      assert.equal(envelope.Message, "to both");
    }
  });

  it("delivers raw messages verbatim with SNS attributes as SQS message attributes", async () => {
    const topic = await newTopic();
    const queue = await newQueue(topic);
    await subscribe(topic, queue.arn, { RawMessageDelivery: "true" });
    await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Subject: "dropped by raw delivery",
        Message: '{"order":7}',
        MessageAttributes: {
          event: { DataType: "String", StringValue: "created" },
          size: { DataType: "Number", StringValue: "42" },
          blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
          tags: { DataType: "String.Array", StringValue: '["a","b"]' },
        },
      }),
    );
    const [message] = await drain(queue.url);
    assert.equal(message?.Body, '{"order":7}');
    assert.deepEqual(message?.MessageAttributes, {
      event: { DataType: "String", StringValue: "created" },
      size: { DataType: "Number", StringValue: "42" },
      blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
      tags: { DataType: "String.Array", StringValue: '["a","b"]' },
    });
  });

  it("gives the queue the sqs entry of a JSON message structure", async () => {
    const topic = await newTopic();
    const queue = await newQueue(topic);
    await subscribe(topic, queue.arn);
    await sns.send(new PublishCommand({ TopicArn: topic, MessageStructure: "json", Message: JSON.stringify({ default: "for all", sqs: "for queues" }) }));
    const [envelope] = await envelopes(queue.url);
    assert.equal(envelope?.Message, "for queues");
  });

  it("filters on message attributes per subscription", async () => {
    const topic = await newTopic();
    const created = await newQueue(topic);
    const notCreated = await newQueue(topic);
    await subscribe(topic, created.arn, { FilterPolicy: JSON.stringify({ event: ["created"], size: [{ numeric: [">", 10] }] }) });
    await subscribe(topic, notCreated.arn, { FilterPolicy: JSON.stringify({ event: [{ "anything-but": "created" }] }) });
    const send = (Message: string, event?: string, size?: string) =>
      sns.send(
        new PublishCommand({
          TopicArn: topic,
          Message,
          MessageAttributes: {
            ...(event ? { event: { DataType: "String", StringValue: event } } : {}),
            ...(size ? { size: { DataType: "Number", StringValue: size } } : {}),
          },
        }),
      );
    await send("big create", "created", "100");
    await send("small create", "created", "5");
    await send("delete", "deleted", "100");
    await send("no attributes");
    assert.deepEqual((await envelopes(created.url)).map((envelope) => envelope.Message), ["big create"]);
    assert.deepEqual((await envelopes(notCreated.url)).map((envelope) => envelope.Message), ["delete"]);
  });

  it("filters on the message body with scope MessageBody", async () => {
    const topic = await newTopic();
    const queue = await newQueue(topic);
    await subscribe(topic, queue.arn, {
      FilterPolicyScope: "MessageBody",
      FilterPolicy: JSON.stringify({ Records: { eventName: [{ prefix: "ObjectCreated:" }], s3: { object: { key: [{ suffix: ".json" }] } } } }),
    });
    const event = (eventName: string, key: string) => JSON.stringify({ Records: [{ eventName, s3: { object: { key } } }] });
    await sns.send(
      new PublishBatchCommand({
        TopicArn: topic,
        PublishBatchRequestEntries: [
          { Id: "created-json", Message: event("ObjectCreated:Put", "in/a.json") },
          { Id: "created-txt", Message: event("ObjectCreated:Put", "in/a.txt") },
          { Id: "removed-json", Message: event("ObjectRemoved:Delete", "in/a.json") },
          { Id: "not-json", Message: "ObjectCreated:Put in/a.json" },
        ],
      }),
    );
    const received = await envelopes(queue.url);
    assert.deepEqual(received.map((envelope) => envelope.Message), [event("ObjectCreated:Put", "in/a.json")]);
  });

  it("drops deliveries silently without a queue policy and logs why", async () => {
    const topic = await newTopic();
    const queue = await newQueue(undefined);
    const subscription = await subscribe(topic, queue.arn);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topic, Message: "lost" }));
    assert.ok(MessageId, "Publish succeeds whatever the queue says");
    assert.deepEqual(await drain(queue.url), []);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ["ApproximateNumberOfMessages"] }));
    assert.equal(Attributes?.ApproximateNumberOfMessages, "0");
    const entry = log.find((line) => line.message.startsWith("SNS delivery failed") && line.subscriptionArn === subscription);
    assert.ok(entry, "the emulator log records the dropped delivery");
    assert.equal(entry.level, "warn");
    assert.equal(entry.topicArn, topic);
    assert.equal(entry.queueArn, queue.arn);
    assert.equal(entry.messageId, MessageId);
    assert.match(String(entry.reason), /^AccessDenied: .*sns\.amazonaws\.com.*sqs:SendMessage/);
  });

  it("drops deliveries to a queue whose policy admits another topic", async () => {
    const topic = await newTopic();
    const otherTopic = await newTopic();
    const queue = await newQueue(otherTopic);
    const subscription = await subscribe(topic, queue.arn);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "wrong source" }));
    assert.deepEqual(await drain(queue.url), []);
    assert.ok(log.some((line) => line.subscriptionArn === subscription && /AccessDenied/.test(String(line.reason))));
  });

  it("drops deliveries to a queue that does not exist", async () => {
    const topic = await newTopic();
    const missing = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:never-created`;
    const subscription = await subscribe(topic, missing);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "nowhere" }));
    await deliveriesSettled(emulator.hub);
    assert.ok(log.some((line) => line.subscriptionArn === subscription && line.queueArn === missing));
  });

  it("sends refused deliveries to the subscription's dead-letter queue", async () => {
    const topic = await newTopic();
    const refusing = await newQueue(undefined);
    const deadLetter = await newQueue(topic);
    const subscription = await subscribe(topic, refusing.arn, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn }) });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topic, Message: "second chance" }));
    const [envelope] = await envelopes(deadLetter.url);
    assert.equal(envelope?.MessageId, MessageId);
    assert.equal(envelope?.Message, "second chance");
    assert.deepEqual(await drain(refusing.url), []);
    const entry = log.find((line) => line.subscriptionArn === subscription && line.deadLetterQueueArn === deadLetter.arn);
    assert.equal(entry?.message, "SNS delivery failed; the message went to the subscription's dead-letter queue");
  });

  it("stops delivering after Unsubscribe", async () => {
    const topic = await newTopic();
    const queue = await newQueue(topic);
    const SubscriptionArn = await subscribe(topic, queue.arn);
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "true" }));
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "before" }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "after" }));
    assert.deepEqual((await drain(queue.url)).map((message) => message.Body), ["before"]);
  });

  it("carries S3's publish, admitted by the topic policy, on to the queue", async () => {
    const topic = await newTopic();
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topic,
        AttributeName: "Policy",
        AttributeValue: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "s3.amazonaws.com" },
              Action: "SNS:Publish",
              Resource: topic,
              Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:*:*:uploads" }, StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
            },
          ],
        }),
      }),
    );
    const queue = await newQueue(topic);
    await subscribe(topic, queue.arn);
    await emulator.hub.call({
      service: "sns",
      operation: "Publish",
      input: { TopicArn: topic, Subject: "Amazon S3 Notification", Message: '{"Service":"Amazon S3","Event":"s3:TestEvent"}' },
      principal: servicePrincipal("s3.amazonaws.com", TEST_ACCOUNT, "arn:aws:s3:::uploads"),
      region: TEST_REGION,
    });
    const [envelope] = await envelopes(queue.url);
    assert.equal(envelope?.Subject, "Amazon S3 Notification");
    assert.equal(JSON.parse(envelope!.Message).Event, "s3:TestEvent");
  });

  it("asks another account's queue to confirm, then delivers once confirmed", async () => {
    const { foreignSqs, foreignSns } = foreignClients();
    try {
      const topic = await newTopic();
      const queue = await newQueue(topic, foreignSqs);
      assert.ok(queue.arn.includes(`:${FOREIGN_ACCOUNT}:`));
      const pending = await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: "sqs", Endpoint: queue.arn }));
      assert.equal(pending.SubscriptionArn, "pending confirmation");
      await sns.send(new PublishCommand({ TopicArn: topic, Message: "before confirmation" }));

      const [confirmation, ...others] = await envelopes(queue.url, foreignSqs);
      assert.equal(others.length, 0, "nothing but the confirmation arrives while pending");
      assert.equal(confirmation?.Type, "SubscriptionConfirmation");
      assert.equal(confirmation?.TopicArn, topic);
      assert.match(confirmation!.Token!, /^[0-9a-f]{288}$/);
      assert.equal(confirmation?.SubscribeURL, `${emulator.endpoint}/?Action=ConfirmSubscription&TopicArn=${topic}&Token=${confirmation!.Token}`);
      assert.equal(await signatureIsValid(confirmation!), true);

      await assert.rejects(foreignSns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: "0".repeat(288) })), {
        name: "InvalidParameterException",
        message: "Invalid parameter: Token",
      });
      const confirmed = await foreignSns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: confirmation!.Token }));
      assert.ok(confirmed.SubscriptionArn?.startsWith(`${topic}:`));
      await sns.send(new PublishCommand({ TopicArn: topic, Message: "after confirmation" }));
      assert.deepEqual((await envelopes(queue.url, foreignSqs)).map((envelope) => envelope.Message), ["after confirmation"]);
    } finally {
      foreignSqs.destroy();
      foreignSns.destroy();
    }
  });

  it("confirms through the unsigned SubscribeURL and unsubscribes through the UnsubscribeURL", async () => {
    const { foreignSqs, foreignSns } = foreignClients();
    try {
      const topic = await newTopic();
      const queue = await newQueue(topic, foreignSqs);
      await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: "sqs", Endpoint: queue.arn }));
      const [confirmation] = await envelopes(queue.url, foreignSqs);

      const refused = await fetch(confirmation!.SubscribeURL!.replace(/Token=[0-9a-f]+/, "Token=bad"));
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /<Code>InvalidParameter<\/Code><Message>Invalid parameter: Token<\/Message>/);

      const confirmed = await fetch(confirmation!.SubscribeURL!);
      assert.equal(confirmed.status, 200);
      const subscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await confirmed.text())?.[1];
      assert.ok(subscriptionArn?.startsWith(`${topic}:`));

      await sns.send(new PublishCommand({ TopicArn: topic, Message: "confirmed by link" }));
      const [notification] = await envelopes(queue.url, foreignSqs);
      assert.equal(notification?.Message, "confirmed by link");

      const unsubscribed = await fetch(notification!.UnsubscribeURL!);
      assert.equal(unsubscribed.status, 200);
      assert.match(await unsubscribed.text(), /^<\?xml version="1.0"\?>\n<UnsubscribeResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/">/);
      await sns.send(new PublishCommand({ TopicArn: topic, Message: "after unsubscribe" }));
      assert.deepEqual(await envelopes(queue.url, foreignSqs), []);
      await assert.rejects(foreignSns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })), { name: "NotFoundException" });
    } finally {
      foreignSqs.destroy();
      foreignSns.destroy();
    }
  });

  it("keeps the UnsubscribeURL from working after AuthenticateOnUnsubscribe", async () => {
    const { foreignSqs, foreignSns } = foreignClients();
    try {
      const topic = await newTopic();
      const queue = await newQueue(topic, foreignSqs);
      await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: "sqs", Endpoint: queue.arn }));
      const [confirmation] = await envelopes(queue.url, foreignSqs);
      const { SubscriptionArn } = await foreignSns.send(
        new ConfirmSubscriptionCommand({ TopicArn: topic, Token: confirmation!.Token, AuthenticateOnUnsubscribe: "true" }),
      );
      const refused = await fetch(`${emulator.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
      assert.equal(refused.status, 403);
      assert.match(await refused.text(), /<Code>AuthorizationError<\/Code>/);
      await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
      await assert.rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })), { name: "NotFoundException" });
    } finally {
      foreignSqs.destroy();
      foreignSns.destroy();
    }
  });
});
