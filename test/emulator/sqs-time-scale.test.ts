/**
 * An emulator whose queue time runs 60x faster (eda local start --time-scale 60):
 * SQS durations pass 60 times sooner on the emulator's clock, timestamps stay on it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

describe("SQS on an emulator with --time-scale 60", () => {
  let emulator: RunningEmulator;
  let clock: ManualClock;
  let sqs: SQSClient;
  let source: string;
  let dlq: string;

  /** Resolved by the emulator's log when a long poll starts waiting. */
  let pollWaiting: () => void = () => {};

  before(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = await startTestEmulator({
      clock,
      timeScale: 60,
      log: (entry) => {
        if (entry.message === "long poll waiting") pollWaiting();
      },
    });
    sqs = new SQSClient(clientConfig(emulator));
    dlq = (await sqs.send(new CreateQueueCommand({ QueueName: "scaled-dlq" }))).QueueUrl!;
    source = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: "scaled-source",
          Attributes: {
            VisibilityTimeout: "180",
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:scaled-dlq`, maxReceiveCount: 2 }),
          },
        }),
      )
    ).QueueUrl!;
  });
  after(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  const receive = async (QueueUrl: string): Promise<Message[]> =>
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"] }))).Messages ?? [];

  it("a 180-second visibility timeout ends after 3 s, and the DLQ takes the message after maxReceiveCount", async () => {
    const sentAt = clock.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: "poison" }));
    const [first] = await receive(source);
    assert.ok(first, "the message is received");
    assert.equal(first.Attributes?.SentTimestamp, String(sentAt), "SentTimestamp is the emulator's clock, not queue time");

    clock.advance(2_900);
    assert.deepEqual(await receive(source), [], "still in flight after 2.9 s (174 s of queue time)");
    clock.advance(100);
    const [second] = await receive(source);
    assert.equal(second?.Attributes?.ApproximateReceiveCount, "2");

    clock.advance(3_000);
    assert.deepEqual(await receive(source), [], "the third receive moves it to the dead-letter queue instead");
    const [dead] = await receive(dlq);
    assert.equal(dead?.Body, "poison");
  });

  it("a delay of 60 s passes in 1 s", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: "later", DelaySeconds: 60 }));
    clock.advance(999);
    assert.equal((await receive(dlq)).some((m) => m.Body === "later"), false);
    clock.advance(1);
    assert.equal((await receive(dlq)).some((m) => m.Body === "later"), true);
  });

  it("a 20-second long poll ends empty after a third of a second", async () => {
    const waiting = new Promise<void>((resolve) => (pollWaiting = resolve));
    const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl: source, WaitTimeSeconds: 20 }));
    await waiting;
    clock.advance(334);
    const answer = await poll;
    assert.equal(answer.Messages, undefined);
  });
});
