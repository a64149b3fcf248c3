import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
  type QueueAttributeName,
  type ReceiveMessageCommandInput,
} from "@aws-sdk/client-sqs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const START = Date.UTC(2026, 0, 1);

/** Resolves when the emulator logs that a long poll started waiting, so tests act only after that. */
function longPollWatcher() {
  const resolvers: (() => void)[] = [];
  let unclaimed = 0;
  return {
    log(entry: EmulatorLogEntry) {
      if (entry.message !== "long poll waiting") return;
      const resolve = resolvers.shift();
      if (resolve) resolve();
      else unclaimed++;
    },
    next(): Promise<void> {
      if (unclaimed > 0) {
        unclaimed--;
        return Promise.resolve();
      }
      return new Promise((resolve) => resolvers.push(resolve));
    },
  };
}

describe("SQS messages", () => {
  let emulator: RunningEmulator;
  let clock: ManualClock;
  let sqs: SQSClient;
  const watcher = longPollWatcher();
  let queueCounter = 0;

  before(async () => {
    clock = new ManualClock(START);
    emulator = await startTestEmulator({ clock, log: watcher.log });
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  const newQueue = async (Attributes?: Record<string, string>) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: `messages-${++queueCounter}`, Attributes }))).QueueUrl!;
  const send = (QueueUrl: string, MessageBody: string, extra: Partial<SendMessageCommand["input"]> = {}) =>
    sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, ...extra }));
  const receive = async (QueueUrl: string, extra: Partial<ReceiveMessageCommandInput> = {}) =>
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, ...extra }))).Messages;
  const counts = async (QueueUrl: string) => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
    return {
      available: Number(Attributes!.ApproximateNumberOfMessages),
      inFlight: Number(Attributes!.ApproximateNumberOfMessagesNotVisible),
      delayed: Number(Attributes!.ApproximateNumberOfMessagesDelayed),
    };
  };

  describe("send, receive, delete", () => {
    it("round-trips a message with correct digests and deletes it", async () => {
      const url = await newQueue();
      const sent = await send(url, "hello");
      assert.equal(sent.MD5OfMessageBody, "5d41402abc4b2a76b9719d911017c592");
      assert.equal(sent.MD5OfMessageAttributes, undefined);
      const [message] = (await receive(url))!;
      assert.equal(message!.MessageId, sent.MessageId);
      assert.equal(message!.Body, "hello");
      assert.equal(message!.MD5OfBody, "5d41402abc4b2a76b9719d911017c592");
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle }));
      assert.deepEqual(await counts(url), { available: 0, inFlight: 0, delayed: 0 });
    });

    it("has no Messages key when nothing is available", async () => {
      const url = await newQueue();
      assert.equal(await receive(url), undefined);
    });

    it("returns MD5OfMessageAttributes per AWS's algorithm", async () => {
      const url = await newQueue();
      const one = await send(url, "a", { MessageAttributes: { k: { DataType: "String", StringValue: "v" } } });
      assert.equal(one.MD5OfMessageAttributes, "0a77b0642718c3d9dd47090567d11e0d");
      const two = await send(url, "b", {
        MessageAttributes: {
          b: { DataType: "Number", StringValue: "1" },
          a: { DataType: "Binary", BinaryValue: Uint8Array.of(0, 1) },
        },
      });
      assert.equal(two.MD5OfMessageAttributes, "eb841ba5088ac48a23559ffac27ea7da");
      const received = (await receive(url, { MessageAttributeNames: ["All"] }))!;
      assert.deepEqual(
        received.map((m) => m.MD5OfMessageAttributes),
        ["0a77b0642718c3d9dd47090567d11e0d", "eb841ba5088ac48a23559ffac27ea7da"],
      );
      assert.deepEqual(received[1]!.MessageAttributes!.a!.BinaryValue, Uint8Array.of(0, 1));
    });

    it("hands out at most MaxNumberOfMessages and validates it", async () => {
      const url = await newQueue();
      for (let i = 0; i < 4; i++) await send(url, `m${i}`);
      assert.equal((await receive(url, { MaxNumberOfMessages: 3 }))!.length, 3);
      assert.equal((await receive(url, { MaxNumberOfMessages: 3 }))!.length, 1);
      await assert.rejects(receive(url, { MaxNumberOfMessages: 11 }), { name: "InvalidParameterValue" });
      await assert.rejects(receive(url, { WaitTimeSeconds: 21 }), { name: "InvalidParameterValue" });
    });
  });

  describe("attributes on received messages", () => {
    it("returns system attributes on request, with SenderId, timestamps in ms and receive counts", async () => {
      const url = await newQueue({ VisibilityTimeout: "10" });
      const sentAt = clock.now();
      await send(url, "x");
      const first = (await receive(url, { MessageSystemAttributeNames: ["All"] }))![0]!;
      assert.deepEqual(first.Attributes, {
        SenderId: TEST_ACCOUNT,
        SentTimestamp: String(sentAt),
        ApproximateReceiveCount: "1",
        ApproximateFirstReceiveTimestamp: String(sentAt),
      });
      clock.advance(10_000);
      // The deprecated AttributeNames is typed as queue attribute names, yet clients send message attribute names in it.
      const deprecatedNames = ["ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"] as unknown as QueueAttributeName[];
      const second = (await receive(url, { AttributeNames: deprecatedNames }))![0]!;
      assert.deepEqual(second.Attributes, { ApproximateReceiveCount: "2", ApproximateFirstReceiveTimestamp: String(sentAt) });
      clock.advance(10_000);
      const third = (await receive(url))![0]!;
      assert.equal(third.Attributes, undefined);
    });

    it("selects message attributes by All, .*, prefix.* and exact names", async () => {
      const url = await newQueue({ VisibilityTimeout: "0" });
      const MessageAttributes = {
        "order.id": { DataType: "String", StringValue: "42" },
        "order.total": { DataType: "Number", StringValue: "9.5" },
        colour: { DataType: "String.custom", StringValue: "red" },
      };
      await send(url, "x", { MessageAttributes });
      const names = async (MessageAttributeNames?: string[]) => {
        const message: Message = (await receive(url, { MessageAttributeNames }))![0]!;
        return Object.keys(message.MessageAttributes ?? {}).sort();
      };
      assert.deepEqual(await names(["All"]), ["colour", "order.id", "order.total"]);
      assert.deepEqual(await names([".*"]), ["colour", "order.id", "order.total"]);
      assert.deepEqual(await names(["order.*"]), ["order.id", "order.total"]);
      assert.deepEqual(await names(["colour", "absent"]), ["colour"]);
      assert.deepEqual(await names(), []);
      const partial = (await receive(url, { MessageAttributeNames: ["colour"] }))![0]!;
      const full = (await receive(url, { MessageAttributeNames: ["All"] }))![0]!;
      assert.notEqual(partial.MD5OfMessageAttributes, full.MD5OfMessageAttributes);
      assert.equal((await receive(url))![0]!.MD5OfMessageAttributes, undefined);
    });
  });

  describe("visibility", () => {
    it("hides a received message for the visibility timeout, then redelivers it with a new handle", async () => {
      const url = await newQueue({ VisibilityTimeout: "30" });
      await send(url, "retry me");
      const first = (await receive(url))![0]!;
      assert.deepEqual(await counts(url), { available: 0, inFlight: 1, delayed: 0 });
      clock.advance(29_000);
      assert.equal(await receive(url), undefined);
      clock.advance(1_000);
      const second = (await receive(url))![0]!;
      assert.equal(second.MessageId, first.MessageId);
      assert.notEqual(second.ReceiptHandle, first.ReceiptHandle);
      await assert.rejects(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle })), (error: Error) => {
        assert.equal(error.name, "InvalidParameterValue");
        assert.match(error.message, /receipt handle has expired/);
        return true;
      });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
      assert.deepEqual(await counts(url), { available: 0, inFlight: 0, delayed: 0 });
    });

    it("lets a receive override the queue's visibility timeout", async () => {
      const url = await newQueue({ VisibilityTimeout: "300" });
      await send(url, "x");
      await receive(url, { VisibilityTimeout: 5 });
      clock.advance(5_000);
      assert.equal((await receive(url))!.length, 1);
    });

    it("ChangeMessageVisibility extends or ends the invisibility and refuses messages not in flight", async () => {
      const url = await newQueue({ VisibilityTimeout: "10" });
      await send(url, "x");
      const { ReceiptHandle } = (await receive(url))![0]!;
      const change = (VisibilityTimeout: number, handle = ReceiptHandle) =>
        sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout }));
      await change(60);
      clock.advance(30_000);
      assert.equal(await receive(url), undefined);
      await change(0);
      const again = (await receive(url, { VisibilityTimeout: 0 }))![0]!;
      await assert.rejects(change(10, again.ReceiptHandle), { name: "MessageNotInflight" });
      await assert.rejects(change(10), { name: "InvalidParameterValue" });
      await assert.rejects(change(10, "not-a-handle"), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, "ReceiptHandleIsInvalid");
        assert.equal(error.$metadata.httpStatusCode, 404);
        return true;
      });
      const fresh = (await receive(url))![0]!;
      await assert.rejects(change(43_201, fresh.ReceiptHandle), { name: "InvalidParameterValue" });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: fresh.ReceiptHandle }));
      await assert.rejects(change(10, fresh.ReceiptHandle), (error: Error) => {
        assert.equal(error.name, "InvalidParameterValue");
        assert.match(error.message, /does not exist/);
        return true;
      });
    });

    it("refuses a receipt handle that is malformed or from another queue", async () => {
      const url = await newQueue();
      const other = await newQueue();
      await send(other, "x");
      const { ReceiptHandle } = (await receive(other))![0]!;
      for (const handle of ["garbage", ReceiptHandle!]) {
        await assert.rejects(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle })), { name: "ReceiptHandleIsInvalid" });
      }
    });
  });

  describe("delays, retention, purge", () => {
    it("delays delivery by the queue's DelaySeconds or the message's own", async () => {
      const url = await newQueue({ DelaySeconds: "20" });
      await send(url, "queue delay");
      await send(url, "own delay", { DelaySeconds: 5 });
      await send(url, "no delay", { DelaySeconds: 0 });
      assert.deepEqual(await counts(url), { available: 1, inFlight: 0, delayed: 2 });
      assert.deepEqual((await receive(url))!.map((m) => m.Body), ["no delay"]);
      clock.advance(5_000);
      assert.deepEqual((await receive(url))!.map((m) => m.Body), ["own delay"]);
      clock.advance(15_000);
      assert.deepEqual((await receive(url))!.map((m) => m.Body), ["queue delay"]);
      await assert.rejects(send(url, "x", { DelaySeconds: 901 }), { name: "InvalidParameterValue" });
    });

    it("drops messages older than MessageRetentionPeriod, in flight or not", async () => {
      const url = await newQueue({ MessageRetentionPeriod: "60" });
      await send(url, "old");
      await receive(url, { VisibilityTimeout: 300 });
      clock.advance(30_000);
      await send(url, "younger");
      clock.advance(30_000);
      assert.deepEqual(await counts(url), { available: 1, inFlight: 0, delayed: 0 });
      assert.deepEqual((await receive(url))!.map((m) => m.Body), ["younger"]);
    });

    it("applies a shortened MessageRetentionPeriod to messages already queued", async () => {
      const url = await newQueue();
      await send(url, "queued before the change");
      assert.deepEqual(await counts(url), { available: 1, inFlight: 0, delayed: 0 });
      clock.advance(120_000);
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MessageRetentionPeriod: "60" } }));
      assert.deepEqual(await counts(url), { available: 0, inFlight: 0, delayed: 0 });
    });

    it("purges available and in-flight messages, once per 60 seconds", async () => {
      const url = await newQueue();
      await send(url, "a");
      await send(url, "b");
      await receive(url, { MaxNumberOfMessages: 1 });
      await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
      assert.deepEqual(await counts(url), { available: 0, inFlight: 0, delayed: 0 });
      await assert.rejects(sqs.send(new PurgeQueueCommand({ QueueUrl: url })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, "PurgeQueueInProgress");
        assert.equal(error.$metadata.httpStatusCode, 403);
        return true;
      });
      clock.advance(60_000);
      await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    });
  });

  describe("message validation", () => {
    it("refuses empty bodies, characters outside the allowed set, and oversized messages", async () => {
      const url = await newQueue({ MaximumMessageSize: "1024" });
      await assert.rejects(send(url, ""), { name: "MissingParameter" });
      await assert.rejects(send(url, "bell \u0007"), (error: Error) => {
        assert.equal(error.name, "InvalidMessageContents");
        assert.match(error.message, /#x7/);
        return true;
      });
      await send(url, "tab\tnewline\n emoji \u{1F600}");
      await send(url, "x".repeat(1024));
      await assert.rejects(send(url, "x".repeat(1025)), (error: Error) => {
        assert.equal(error.name, "InvalidParameterValue");
        assert.match(error.message, /Message must be shorter than 1024 bytes/);
        return true;
      });
      // Attribute names, types and values count towards the size.
      await assert.rejects(send(url, "x".repeat(1000), { MessageAttributes: { a: { DataType: "String", StringValue: "y".repeat(30) } } }), {
        name: "InvalidParameterValue",
      });
    });

    it("refuses malformed message attributes", async () => {
      const url = await newQueue();
      const attempts: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>[] = [
        { "AWS.reserved": { DataType: "String", StringValue: "v" } },
        { "bad name": { DataType: "String", StringValue: "v" } },
        { ".leading": { DataType: "String", StringValue: "v" } },
        { "two..dots": { DataType: "String", StringValue: "v" } },
        { k: { DataType: "Text", StringValue: "v" } },
        { k: { DataType: "String", StringValue: "" } },
        { k: { DataType: "Number", StringValue: "twelve" } },
        { k: { DataType: "Binary", StringValue: "v" } },
        Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, { DataType: "String", StringValue: "v" }])),
      ];
      for (const MessageAttributes of attempts) {
        await assert.rejects(send(url, "x", { MessageAttributes }), { name: "InvalidParameterValue" }, JSON.stringify(Object.keys(MessageAttributes)));
      }
      const ok = await send(url, "x", { MessageAttributes: { "n.ok-1_x": { DataType: "Number.int", StringValue: "-1.5e3" } } });
      assert.ok(ok.MessageId);
    });

    it("accepts AWSTraceHeader as the only system attribute and returns it on receive", async () => {
      const url = await newQueue();
      const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
      const sent = await send(url, "x", { MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: trace } } });
      assert.match(sent.MD5OfMessageSystemAttributes!, /^[0-9a-f]{32}$/);
      const [message] = (await receive(url, { MessageSystemAttributeNames: ["AWSTraceHeader"] }))!;
      assert.deepEqual(message!.Attributes, { AWSTraceHeader: trace });
      await assert.rejects(
        send(url, "x", { MessageSystemAttributes: { Other: { DataType: "String", StringValue: "v" } } as never }),
        { name: "InvalidParameterValue" },
      );
      await assert.rejects(send(url, "x", { MessageDeduplicationId: "d1" }), { name: "InvalidParameterValue" });
    });
  });

  describe("batches", () => {
    it("sends a batch, failing only the invalid entries", async () => {
      const url = await newQueue();
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: "ok-1", MessageBody: "one" },
            { Id: "bad", MessageBody: "nul \u0000" },
            { Id: "ok_2", MessageBody: "two", MessageAttributes: { k: { DataType: "String", StringValue: "v" } } },
          ],
        }),
      );
      assert.deepEqual(result.Successful!.map((s) => [s.Id, s.MD5OfMessageBody, s.MD5OfMessageAttributes]), [
        ["ok-1", "f97c5d29941bfb1b2fdab0874906ab82", undefined],
        ["ok_2", "b8a9f715dbb64fd5c56e7783c6820a61", "0a77b0642718c3d9dd47090567d11e0d"],
      ]);
      assert.deepEqual(result.Failed, [{ Id: "bad", SenderFault: true, Code: "InvalidMessageContents", Message: result.Failed![0]!.Message }]);
      assert.deepEqual((await receive(url))!.map((m) => m.Body), ["one", "two"]);
    });

    it("refuses malformed batches as a whole", async () => {
      const url = await newQueue();
      const batch = (Entries: { Id: string; MessageBody: string }[]) => sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
      await assert.rejects(batch([]), { name: "EmptyBatchRequest" });
      await assert.rejects(batch(Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: "x" }))), {
        name: "TooManyEntriesInBatchRequest",
      });
      await assert.rejects(batch([{ Id: "same", MessageBody: "a" }, { Id: "same", MessageBody: "b" }]), { name: "BatchEntryIdsNotDistinct" });
      await assert.rejects(batch([{ Id: "no spaces", MessageBody: "a" }]), { name: "InvalidBatchEntryId" });
      await assert.rejects(batch([{ Id: "x".repeat(81), MessageBody: "a" }]), { name: "InvalidBatchEntryId" });
      await assert.rejects(
        batch(Array.from({ length: 3 }, (_, i) => ({ Id: `big${i}`, MessageBody: "x".repeat(400_000) }))),
        { name: "BatchRequestTooLong" },
      );
      assert.deepEqual(await counts(url), { available: 0, inFlight: 0, delayed: 0 });
    });

    it("deletes and changes visibility in batches with per-entry failures", async () => {
      const url = await newQueue();
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
      const [a, b, c] = (await receive(url))!;
      const changed = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: "a", ReceiptHandle: a!.ReceiptHandle, VisibilityTimeout: 0 },
            { Id: "bogus", ReceiptHandle: "bogus", VisibilityTimeout: 0 },
          ],
        }),
      );
      assert.deepEqual(changed.Successful, [{ Id: "a" }]);
      assert.equal(changed.Failed![0]!.Code, "ReceiptHandleIsInvalid");
      assert.deepEqual(await counts(url), { available: 1, inFlight: 2, delayed: 0 });
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: "b", ReceiptHandle: b!.ReceiptHandle },
            { Id: "c", ReceiptHandle: c!.ReceiptHandle },
            { Id: "bogus", ReceiptHandle: "bogus" },
          ],
        }),
      );
      assert.deepEqual(deleted.Successful, [{ Id: "b" }, { Id: "c" }]);
      assert.deepEqual(deleted.Failed!.map((f) => [f.Id, f.Code, f.SenderFault]), [["bogus", "ReceiptHandleIsInvalid", true]]);
      assert.deepEqual(await counts(url), { available: 1, inFlight: 0, delayed: 0 });
      await assert.rejects(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })), { name: "EmptyBatchRequest" });
    });
  });

  // A long poll that is never answered would hang the run; the timeout turns that into a failure.
  describe("long polling", { timeout: 10_000 }, () => {
    it("answers a waiting receive as soon as a message is sent", async () => {
      const url = await newQueue();
      const waiting = watcher.next();
      const polled = receive(url, { WaitTimeSeconds: 20 });
      await waiting;
      await send(url, "wake up");
      assert.deepEqual((await polled)!.map((m) => m.Body), ["wake up"]);
    });

    it("answers empty when the wait time passes", async () => {
      const url = await newQueue();
      const waiting = watcher.next();
      const polled = receive(url, { WaitTimeSeconds: 20 });
      await waiting;
      clock.advance(20_000);
      assert.equal(await polled, undefined);
    });

    it("uses the queue's ReceiveMessageWaitTimeSeconds and wakes when a delayed or in-flight message becomes visible", async () => {
      const url = await newQueue({ ReceiveMessageWaitTimeSeconds: "20", VisibilityTimeout: "5" });
      await send(url, "delayed", { DelaySeconds: 3 });
      let waiting = watcher.next();
      let polled = receive(url);
      await waiting;
      clock.advance(3_000);
      const [message] = (await polled)!;
      assert.equal(message!.Body, "delayed");

      waiting = watcher.next();
      polled = receive(url);
      await waiting;
      clock.advance(5_000);
      const [again] = (await polled)!;
      assert.equal(again!.MessageId, message!.MessageId);
      assert.notEqual(again!.ReceiptHandle, message!.ReceiptHandle);
    });

    it("hands one batch send to a waiting receiver in one answer", async () => {
      const url = await newQueue();
      const waiting = watcher.next();
      const polled = receive(url, { WaitTimeSeconds: 20, MaxNumberOfMessages: 10 });
      await waiting;
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
      assert.equal((await polled)!.length, 3);
    });

    it("ends a waiting receive empty when its queue is deleted", async () => {
      const url = await newQueue();
      const waiting = watcher.next();
      const polled = receive(url, { WaitTimeSeconds: 20 });
      await waiting;
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      assert.equal(await polled, undefined);
    });
  });
});
