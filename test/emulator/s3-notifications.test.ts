/**
 * S3 event notifications with real SDK v3 clients: configuration rules,
 * destination validation through the front door (topic and queue policies
 * decide), the s3:TestEvent, the exact version 2.1 event record, key
 * encoding, filters, and delivery straight to SQS and through SNS.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type NotificationConfiguration,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { s3Store } from "../../src/emulator/services/s3/store.js";
import { deliveriesSettled as snsDeliveriesSettled } from "../../src/emulator/services/sns/delivery.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const NOW = Date.UTC(2026, 4, 1, 12, 30, 45, 123);

interface S3Failure extends Error {
  $metadata: { httpStatusCode?: number };
  [field: string]: unknown;
}

describe("S3 event notifications", () => {
  let emulator: RunningEmulator;
  let s3: S3Client;
  let sns: SNSClient;
  let sqs: SQSClient;
  const logs: EmulatorLogEntry[] = [];
  const logWaiters: { match: (entry: EmulatorLogEntry) => boolean; resolve: (entry: EmulatorLogEntry) => void }[] = [];

  before(async () => {
    emulator = await startTestEmulator({
      clock: new ManualClock(NOW),
      log: (entry) => {
        logs.push(entry);
        for (const waiter of logWaiters.splice(0)) {
          if (waiter.match(entry)) waiter.resolve(entry);
          else logWaiters.push(waiter);
        }
      },
    });
    s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    sns = new SNSClient(clientConfig(emulator));
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  function nextLog(match: (entry: EmulatorLogEntry) => boolean): Promise<EmulatorLogEntry> {
    const seen = logs.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => logWaiters.push({ match, resolve }));
  }

  /** Every S3 delivery so far, and the SNS deliveries they caused, have finished. */
  async function deliveriesDone(): Promise<void> {
    await s3Store(emulator.hub).deliveriesSettled();
    await snsDeliveriesSettled(emulator.hub);
  }

  async function bucket(name: string): Promise<string> {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  }

  async function queue(name: string, allow?: { service: "s3.amazonaws.com"; bucket: string } | { service: "sns.amazonaws.com"; topicArn: string }) {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    if (allow) {
      const condition =
        allow.service === "s3.amazonaws.com"
          ? { ArnLike: { "aws:SourceArn": `arn:aws:s3:*:*:${allow.bucket}` }, StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } }
          : { ArnEquals: { "aws:SourceArn": allow.topicArn } };
      const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: allow.service }, Action: "sqs:SendMessage", Resource: arn, Condition: condition }] };
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(policy) } }));
    }
    return { url, arn };
  }

  async function topic(name: string, allowS3Bucket?: string): Promise<string> {
    const arn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
    if (allowS3Bucket) {
      const policy = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: arn,
            Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:*:*:${allowS3Bucket}` }, StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
          },
        ],
      };
      await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: "Policy", AttributeValue: JSON.stringify(policy) }));
    }
    return arn;
  }

  /** Waits (long poll, woken by the delivery) for the next message and deletes it. */
  async function receive(url: string): Promise<string> {
    const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, MaxNumberOfMessages: 1 }));
    const message = answer.Messages?.[0];
    assert.ok(message, "a message arrived");
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
    return message.Body!;
  }

  async function assertEmpty(url: string): Promise<void> {
    await deliveriesDone();
    const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
    assert.equal(answer.Messages, undefined, `unexpected messages: ${answer.Messages?.map((m) => m.Body).join("\n")}`);
  }

  function configure(name: string, configuration: NotificationConfiguration, skipValidation = false) {
    return s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: name, NotificationConfiguration: configuration, SkipDestinationValidation: skipValidation || undefined }));
  }

  function recordOf(body: string): Record<string, any> {
    const parsed = JSON.parse(body) as { Records: Record<string, any>[] };
    assert.equal(parsed.Records.length, 1);
    return parsed.Records[0]!;
  }

  describe("configuration rules", () => {
    const arnFor = (name: string) => `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:${name}`;
    before(async () => {
      await bucket("rules-bucket");
    });

    async function refused(configuration: NotificationConfiguration, message: string | RegExp): Promise<void> {
      await assert.rejects(configure("rules-bucket", configuration, true), (error: S3Failure) => {
        assert.equal(error.name, "InvalidArgument");
        assert.equal(error.$metadata.httpStatusCode, 400);
        if (typeof message === "string") assert.equal(error.message, message);
        else assert.match(error.message, message);
        return true;
      });
    }

    it("refuses two rules that could match the same event for the same key", async () => {
      await refused(
        { QueueConfigurations: [{ QueueArn: arnFor("a"), Events: ["s3:ObjectCreated:*"] }, { QueueArn: arnFor("b"), Events: ["s3:ObjectCreated:Put"] }] },
        "Configurations overlap. Configurations on the same bucket cannot share a common event type.",
      );
      const filter = (prefix: string, suffix?: string) => ({
        Key: { FilterRules: [{ Name: "prefix" as const, Value: prefix }, ...(suffix ? [{ Name: "suffix" as const, Value: suffix }] : [])] },
      });
      await refused(
        {
          QueueConfigurations: [
            { QueueArn: arnFor("a"), Events: ["s3:ObjectCreated:*"], Filter: filter("uploads/") },
            { QueueArn: arnFor("b"), Events: ["s3:ObjectCreated:*"], Filter: filter("uploads/images/", ".png") },
          ],
        },
        "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.",
      );
      await configure(
        "rules-bucket",
        {
          QueueConfigurations: [
            { QueueArn: arnFor("a"), Events: ["s3:ObjectCreated:*"], Filter: filter("uploads/") },
            { QueueArn: arnFor("b"), Events: ["s3:ObjectCreated:*"], Filter: filter("results/") },
            { QueueArn: arnFor("c"), Events: ["s3:ObjectRemoved:*"] },
          ],
        },
        true,
      );
    });

    it("refuses bad filter rules, unknown events, unparsable ARNs and destinations in another region", async () => {
      await refused({ QueueConfigurations: [{ QueueArn: arnFor("a"), Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "middle" as never, Value: "x" }] } } }] }, "filter rule name must be either prefix or suffix");
      await refused(
        {
          QueueConfigurations: [
            { QueueArn: arnFor("a"), Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "a" }, { Name: "prefix", Value: "b" }] } } },
          ],
        },
        "Cannot specify more than one prefix rule in a filter.",
      );
      await refused({ QueueConfigurations: [{ QueueArn: arnFor("a"), Events: ["s3:ObjectExploded:*" as never] }] }, "The event is not supported for notifications");
      await refused({ QueueConfigurations: [{ QueueArn: "not-an-arn", Events: ["s3:ObjectCreated:*"] }] }, "The ARN could not be parsed");
      await refused(
        { TopicConfigurations: [{ TopicArn: `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:far`, Events: ["s3:ObjectCreated:*"] }] },
        "The notification destination service region is not valid for the bucket location constraint",
      );
    });

    it("stores what Get returns: generated ids, capitalised filter rule names; Put replaces, an empty configuration clears", async () => {
      await configure(
        "rules-bucket",
        {
          TopicConfigurations: [
            { TopicArn: `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:t`, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }, { Name: "suffix", Value: ".json" }] } } },
          ],
          QueueConfigurations: [{ Id: "mine", QueueArn: arnFor("q"), Events: ["s3:ObjectRemoved:Delete"] }],
        },
        true,
      );
      const stored = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "rules-bucket" }));
      const generated = stored.TopicConfigurations?.[0]?.Id ?? "";
      assert.match(Buffer.from(generated, "base64").toString(), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a base64-encoded UUID");
      assert.deepEqual(stored.TopicConfigurations?.[0]?.Filter?.Key?.FilterRules, [{ Name: "Prefix", Value: "uploads/" }, { Name: "Suffix", Value: ".json" }]);
      assert.deepEqual(stored.QueueConfigurations?.map((c) => [c.Id, c.Events]), [["mine", ["s3:ObjectRemoved:Delete"]]]);

      await configure("rules-bucket", { QueueConfigurations: [{ Id: "only", QueueArn: arnFor("q"), Events: ["s3:ObjectCreated:Put"] }] }, true);
      const replaced = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "rules-bucket" }));
      assert.equal(replaced.TopicConfigurations, undefined);
      assert.deepEqual(replaced.QueueConfigurations?.map((c) => c.Id), ["only"]);

      await configure("rules-bucket", {});
      const cleared = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "rules-bucket" }));
      assert.equal(cleared.QueueConfigurations, undefined);
      assert.equal(cleared.TopicConfigurations, undefined);
    });
  });

  describe("destination validation", () => {
    before(async () => {
      await bucket("validated-bucket");
    });

    async function validationFailure(configuration: NotificationConfiguration): Promise<[string, string][]> {
      let failure: S3Failure | undefined;
      await assert.rejects(configure("validated-bucket", configuration), (error: S3Failure) => {
        failure = error;
        return true;
      });
      assert.equal(failure!.name, "InvalidArgument");
      assert.equal(failure!.$metadata.httpStatusCode, 400);
      assert.equal(failure!.message, "Unable to validate the following destination configurations");
      const pairs: [string, string][] = [];
      for (let i = 1; failure![`ArgumentName${i}`] !== undefined; i++) pairs.push([failure![`ArgumentName${i}`] as string, failure![`ArgumentValue${i}`] as string]);
      return pairs;
    }

    it("refuses a topic that does not exist, and one whose policy does not let S3 publish (the default policy)", async () => {
      const missing = `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:no-such-topic`;
      assert.deepEqual(await validationFailure({ TopicConfigurations: [{ TopicArn: missing, Events: ["s3:ObjectCreated:*"] }] }), [
        [missing, "The destination topic does not exist"],
      ]);
      const unprotected = await topic("default-policy-topic");
      assert.deepEqual(await validationFailure({ TopicConfigurations: [{ TopicArn: unprotected, Events: ["s3:ObjectCreated:*"] }] }), [
        [unprotected, "Permissions on the destination topic do not allow S3 to publish notifications from this bucket"],
      ]);
      const stored = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "validated-bucket" }));
      assert.equal(stored.TopicConfigurations, undefined, "a refused configuration is not stored");
    });

    it("refuses a queue that does not exist and one without a policy for S3, reporting every failing destination", async () => {
      const missing = `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:no-such-queue`;
      const closed = await queue("closed-queue");
      const failures = await validationFailure({
        QueueConfigurations: [
          { QueueArn: missing, Events: ["s3:ObjectCreated:*"] },
          { QueueArn: closed.arn, Events: ["s3:ObjectRemoved:*"] },
        ],
      });
      assert.deepEqual(failures, [
        [missing, "The destination queue does not exist"],
        [closed.arn, "Permissions on the destination queue do not allow S3 to publish notifications from this bucket"],
      ]);
    });

    it("accepts a topic whose policy admits S3 for this bucket and sends it the s3:TestEvent (no Records)", async () => {
      const topicArn = await topic("validated-topic", "validated-bucket");
      const subscriber = await queue("validated-subscriber", { service: "sns.amazonaws.com", topicArn });
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: subscriber.arn }));
      const put = await configure("validated-bucket", { TopicConfigurations: [{ TopicArn: topicArn, Events: ["s3:ObjectCreated:*"] }] });
      const envelope = JSON.parse(await receive(subscriber.url)) as Record<string, string>;
      assert.equal(envelope.Type, "Notification");
      assert.equal(envelope.Subject, "Amazon S3 Notification");
      assert.deepEqual(JSON.parse(envelope.Message!), {
        Service: "Amazon S3",
        Event: "s3:TestEvent",
        Time: new Date(NOW).toISOString(),
        Bucket: "validated-bucket",
        RequestId: put.$metadata.requestId,
        HostId: put.$metadata.extendedRequestId,
      });
    });

    it("skips validation (and the test event) with x-amz-skip-destination-validation", async () => {
      await configure("validated-bucket", { TopicConfigurations: [{ TopicArn: `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:not-yet`, Events: ["s3:ObjectCreated:*"] }] }, true);
      const stored = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "validated-bucket" }));
      assert.equal(stored.TopicConfigurations?.[0]?.TopicArn, `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:not-yet`);
    });
  });

  describe("events straight to a queue", () => {
    let target: { url: string; arn: string };
    before(async () => {
      await bucket("direct-bucket");
      target = await queue("direct-queue", { service: "s3.amazonaws.com", bucket: "direct-bucket" });
      await configure("direct-bucket", {
        QueueConfigurations: [
          { Id: "created-uploads", QueueArn: target.arn, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } } },
          { Id: "removed", QueueArn: target.arn, Events: ["s3:ObjectRemoved:*"] },
        ],
      });
      const testEvent = JSON.parse(await receive(target.url)) as Record<string, unknown>;
      assert.equal(testEvent.Event, "s3:TestEvent", "a queue destination gets the test event directly");
      assert.equal(testEvent.Records, undefined);
    });

    it("delivers the exact version 2.1 record for a PutObject", async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket: "direct-bucket", Key: "uploads/dir/a b+c.json", Body: '{"x":1}' }));
      const record = recordOf(await receive(target.url));
      const sequencer = record.s3.object.sequencer as string;
      assert.match(sequencer, /^[0-9A-F]{16,}$/);
      assert.deepEqual(record, {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: "2026-05-01T12:30:45.123Z",
        eventName: "ObjectCreated:Put",
        userIdentity: { principalId: `AWS:${TEST_ACCOUNT}` },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": put.$metadata.requestId, "x-amz-id-2": put.$metadata.extendedRequestId },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "created-uploads",
          bucket: { name: "direct-bucket", ownerIdentity: { principalId: record.s3.bucket.ownerIdentity.principalId }, arn: "arn:aws:s3:::direct-bucket" },
          object: { key: "uploads/dir/a+b%2Bc.json", size: 7, eTag: "ac3ef48caa08fa3ed5e025da69edc645", sequencer },
        },
      });
      assert.match(record.s3.bucket.ownerIdentity.principalId, /^A[0-9A-Z]{13}$/);
    });

    it("form-encodes unicode and reserved characters in keys, which decode back to the key", async () => {
      const key = "uploads/données/été (1)=x:y.csv";
      await s3.send(new PutObjectCommand({ Bucket: "direct-bucket", Key: key, Body: "a" }));
      const encoded = recordOf(await receive(target.url)).s3.object.key as string;
      assert.equal(encoded, "uploads/donn%C3%A9es/%C3%A9t%C3%A9+%281%29%3Dx%3Ay.csv");
      assert.equal(decodeURIComponent(encoded.replace(/\+/g, " ")), key);
    });

    it("applies the prefix filter (results/ does not trigger) and keeps the order of events", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "direct-bucket", Key: "results/out.json", Body: "r" }));
      await s3.send(new PutObjectCommand({ Bucket: "direct-bucket", Key: "uploads/in.json", Body: "u" }));
      assert.equal(recordOf(await receive(target.url)).s3.object.key, "uploads/in.json");
      await assertEmpty(target.url);
    });

    it("names Copy and CompleteMultipartUpload events, with sequencers growing per bucket", async () => {
      await s3.send(new CopyObjectCommand({ Bucket: "direct-bucket", Key: "uploads/copied.json", CopySource: "direct-bucket/uploads/in.json" }));
      const copy = recordOf(await receive(target.url));
      assert.equal(copy.eventName, "ObjectCreated:Copy");
      const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: "direct-bucket", Key: "uploads/multi.bin" }));
      const part = await s3.send(new UploadPartCommand({ Bucket: "direct-bucket", Key: "uploads/multi.bin", UploadId: upload.UploadId, PartNumber: 1, Body: "m" }));
      await s3.send(
        new CompleteMultipartUploadCommand({ Bucket: "direct-bucket", Key: "uploads/multi.bin", UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
      );
      const multipart = recordOf(await receive(target.url));
      assert.equal(multipart.eventName, "ObjectCreated:CompleteMultipartUpload");
      assert.match(multipart.s3.object.eTag, /^[0-9a-f]{32}-1$/);
      assert.ok(BigInt(`0x${multipart.s3.object.sequencer}`) > BigInt(`0x${copy.s3.object.sequencer}`));
    });

    it("sends ObjectRemoved:Delete without size or eTag, for DeleteObject and for each key of DeleteObjects", async () => {
      await s3.send(new DeleteObjectCommand({ Bucket: "direct-bucket", Key: "uploads/in.json" }));
      const single = recordOf(await receive(target.url));
      assert.equal(single.eventName, "ObjectRemoved:Delete");
      assert.equal(single.s3.configurationId, "removed");
      assert.deepEqual(Object.keys(single.s3.object), ["key", "sequencer"]);
      await s3.send(new DeleteObjectsCommand({ Bucket: "direct-bucket", Delete: { Objects: [{ Key: "results/out.json" }, { Key: "uploads/copied.json" }] } }));
      const keys = [recordOf(await receive(target.url)).s3.object.key, recordOf(await receive(target.url)).s3.object.key];
      assert.deepEqual(keys, ["results/out.json", "uploads/copied.json"]);
    });

    it("carries version ids on a versioned bucket and names delete-marker creation", async () => {
      await s3.send(new PutBucketVersioningCommand({ Bucket: "direct-bucket", VersioningConfiguration: { Status: "Enabled" } }));
      const put = await s3.send(new PutObjectCommand({ Bucket: "direct-bucket", Key: "uploads/versioned.txt", Body: "v" }));
      assert.equal(recordOf(await receive(target.url)).s3.object.versionId, put.VersionId);
      const marker = await s3.send(new DeleteObjectCommand({ Bucket: "direct-bucket", Key: "uploads/versioned.txt" }));
      const removal = recordOf(await receive(target.url));
      assert.equal(removal.eventName, "ObjectRemoved:DeleteMarkerCreated");
      assert.equal(removal.s3.object.versionId, marker.VersionId);
      await s3.send(new DeleteObjectCommand({ Bucket: "direct-bucket", Key: "uploads/versioned.txt", VersionId: put.VersionId }));
      const permanent = recordOf(await receive(target.url));
      assert.equal(permanent.eventName, "ObjectRemoved:Delete");
      assert.equal(permanent.s3.object.versionId, put.VersionId);
    });

    it("never fails the upload when delivery fails: the emulator log says why", async () => {
      await bucket("orphan-bucket");
      const doomed = await queue("doomed-queue", { service: "s3.amazonaws.com", bucket: "orphan-bucket" });
      await configure("orphan-bucket", { QueueConfigurations: [{ Id: "to-nowhere", QueueArn: doomed.arn, Events: ["s3:ObjectCreated:*"] }] });
      await sqs.send(new DeleteQueueCommand({ QueueUrl: doomed.url }));
      const put = await s3.send(new PutObjectCommand({ Bucket: "orphan-bucket", Key: "k", Body: "x" }));
      assert.equal(put.$metadata.httpStatusCode, 200);
      const entry = await nextLog((e) => e.message === "S3 event notification not delivered" && e.bucket === "orphan-bucket");
      assert.equal(entry.level, "warn");
      assert.equal(entry.destination, doomed.arn);
      assert.equal(entry.configurationId, "to-nowhere");
      // Without the queue there is no queue policy either, so SQS refuses S3 before looking for it.
      assert.match(String(entry.reason), /^(AccessDenied|QueueDoesNotExist): /);
    });
  });

  describe("events through SNS", () => {
    it("fans an upload out to a subscribed queue inside the SNS envelope, after the s3:TestEvent", async () => {
      await bucket("fanout-bucket");
      const topicArn = await topic("fanout-topic", "fanout-bucket");
      const subscriber = await queue("fanout-subscriber", { service: "sns.amazonaws.com", topicArn });
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: subscriber.arn }));
      await configure("fanout-bucket", { TopicConfigurations: [{ Id: "to-topic", TopicArn: topicArn, Events: ["s3:ObjectCreated:*"] }] });
      assert.equal(JSON.parse(JSON.parse(await receive(subscriber.url)).Message).Event, "s3:TestEvent");
      await s3.send(new PutObjectCommand({ Bucket: "fanout-bucket", Key: "uploads/a b.txt", Body: "hello" }));
      const envelope = JSON.parse(await receive(subscriber.url)) as Record<string, string>;
      assert.equal(envelope.TopicArn, topicArn);
      assert.equal(envelope.Subject, "Amazon S3 Notification");
      const record = recordOf(envelope.Message!);
      assert.equal(record.eventName, "ObjectCreated:Put");
      assert.equal(record.s3.configurationId, "to-topic");
      assert.equal(record.s3.object.key, "uploads/a+b.txt");
      assert.equal(record.s3.object.eTag, "5d41402abc4b2a76b9719d911017c592");
    });

    it("delivers nothing to a subscribed queue without a queue policy (SNS drops it and logs)", async () => {
      await bucket("silent-bucket");
      const topicArn = await topic("silent-topic", "silent-bucket");
      const unprotected = await queue("silent-subscriber");
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: unprotected.arn }));
      await configure("silent-bucket", { TopicConfigurations: [{ TopicArn: topicArn, Events: ["s3:ObjectCreated:*"] }] });
      await s3.send(new PutObjectCommand({ Bucket: "silent-bucket", Key: "uploads/x", Body: "x" }));
      await nextLog((e) => e.message === "SNS delivery failed; the message is dropped" && JSON.stringify(e).includes(unprotected.arn));
      await assertEmpty(unprotected.url);
    });
  });
});
