import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type Message,
} from "@aws-sdk/client-sqs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const arnOf = (name: string) => `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}`;

describe("SQS dead-letter queues and message move tasks", () => {
  let emulator: RunningEmulator;
  let clock: ManualClock;
  let sqs: SQSClient;
  let pairCounter = 0;

  before(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = await startTestEmulator({ clock });
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  /** A source queue (visibility 10 s) whose dead-letter queue takes messages after `maxReceiveCount` receives. */
  async function queuePair(maxReceiveCount: number) {
    const n = ++pairCounter;
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `dlq-${n}` }))).QueueUrl!;
    const source = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `source-${n}`,
          Attributes: {
            VisibilityTimeout: "10",
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(`dlq-${n}`), maxReceiveCount }),
          },
        }),
      )
    ).QueueUrl!;
    return { source, dlq, sourceArn: arnOf(`source-${n}`), dlqArn: arnOf(`dlq-${n}`) };
  }

  const receive = async (QueueUrl: string): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] }),
      )
    ).Messages ?? [];
  const available = async (QueueUrl: string) =>
    Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }))).Attributes!.ApproximateNumberOfMessages);

  /** Receives without deleting until every message of the source has gone to the dead-letter queue. */
  async function failUntilDeadLettered(source: string, maxReceiveCount: number) {
    for (let i = 0; i < maxReceiveCount; i++) {
      assert.ok((await receive(source)).length > 0, `receive ${i + 1} should get the messages`);
      clock.advance(10_000);
    }
    assert.deepEqual(await receive(source), []);
  }

  it("moves a message to the DLQ when a receive would exceed maxReceiveCount, keeping id, body and attributes", async () => {
    const { source, dlq, sourceArn } = await queuePair(2);
    const sentAt = clock.now();
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: source, MessageBody: "poison", MessageAttributes: { kind: { DataType: "String", StringValue: "bad" } } }),
    );
    const first = await receive(source);
    assert.equal(first[0]!.Attributes!.ApproximateReceiveCount, "1");
    clock.advance(10_000);
    const second = await receive(source);
    assert.equal(second[0]!.Attributes!.ApproximateReceiveCount, "2");
    clock.advance(10_000);
    assert.deepEqual(await receive(source), [], "the third receive moves it instead of delivering it");

    const [dead] = await receive(dlq);
    assert.equal(dead!.MessageId, sent.MessageId);
    assert.equal(dead!.Body, "poison");
    assert.deepEqual(dead!.MessageAttributes, { kind: { DataType: "String", StringValue: "bad" } });
    assert.equal(dead!.Attributes!.SentTimestamp, String(sentAt));
    assert.equal(dead!.Attributes!.DeadLetterQueueSourceArn, sourceArn);
  });

  it("moves dead letters back to their source queue as new messages, then completes", async () => {
    const { source, dlq, dlqArn } = await queuePair(1);
    for (const body of ["a", "b", "c"]) await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: body }));
    await failUntilDeadLettered(source, 1);
    assert.equal(await available(dlq), 3);
    const deadIds = (await receive(dlq)).map((m) => m.MessageId);
    clock.advance(30_000);

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    assert.ok(TaskHandle);
    let [task] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results!;
    assert.equal(task!.Status, "RUNNING");
    assert.equal(task!.TaskHandle, TaskHandle);
    assert.equal(task!.ApproximateNumberOfMessagesToMove, 3);
    assert.equal(task!.StartedTimestamp, clock.now());

    clock.advance(1_000);
    [task] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results!;
    assert.equal(task!.Status, "COMPLETED");
    assert.equal(task!.ApproximateNumberOfMessagesMoved, 3);
    assert.equal(task!.TaskHandle, undefined, "only running tasks show their handle");
    assert.equal(await available(dlq), 0);

    const redriven = await receive(source);
    assert.deepEqual(redriven.map((m) => m.Body).sort(), ["a", "b", "c"]);
    assert.ok(redriven.every((m) => !deadIds.includes(m.MessageId)), "redriven messages get new ids");
    assert.ok(redriven.every((m) => m.Attributes!.ApproximateReceiveCount === "1"));
  });

  it("moves to DestinationArn at MaxNumberOfMessagesPerSecond", async () => {
    const { source, dlq, dlqArn } = await queuePair(1);
    const destination = (await sqs.send(new CreateQueueCommand({ QueueName: "redrive-destination" }))).QueueUrl!;
    for (const body of ["1", "2", "3"]) await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: body }));
    await failUntilDeadLettered(source, 1);

    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: arnOf("redrive-destination"), MaxNumberOfMessagesPerSecond: 1 }));
    const moved = async () => (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results![0]!;
    clock.advance(0);
    assert.equal((await moved()).ApproximateNumberOfMessagesMoved, 1);
    clock.advance(1_000);
    assert.equal((await moved()).ApproximateNumberOfMessagesMoved, 2);
    clock.advance(1_000);
    const done = await moved();
    assert.equal(done.ApproximateNumberOfMessagesMoved, 3);
    assert.equal(done.Status, "COMPLETED");
    assert.equal(done.DestinationArn, arnOf("redrive-destination"));
    assert.equal(await available(destination), 3);
    assert.equal(await available(dlq), 0);
    assert.equal(await available(source), 0);
  });

  it("allows one running task per queue, cancels it, and lists tasks newest first", async () => {
    const { source, dlqArn } = await queuePair(1);
    for (const body of ["1", "2", "3"]) await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: body }));
    await failUntilDeadLettered(source, 1);

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 }));
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn })), { name: "InvalidParameterValue" });
    clock.advance(0);
    const cancelled = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    assert.equal(cancelled.ApproximateNumberOfMessagesMoved, 1);
    clock.advance(5_000);
    const [task] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results!;
    assert.equal(task!.Status, "CANCELLED");
    assert.equal(task!.ApproximateNumberOfMessagesMoved, 1);
    await assert.rejects(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })), { name: "InvalidParameterValue" });

    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    clock.advance(1_000);
    const both = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 10 }))).Results!;
    assert.deepEqual(both.map((t) => [t.Status, t.ApproximateNumberOfMessagesMoved]), [["COMPLETED", 2], ["CANCELLED", 1]]);
    assert.equal(await available(source), 3);
  });

  it("refuses sources that are missing or not dead-letter queues", async () => {
    const { dlqArn } = await queuePair(3);
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf("nowhere") })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
      assert.equal(error.name, "ResourceNotFoundException");
      assert.equal(error.$metadata.httpStatusCode, 404);
      return true;
    });
    await sqs.send(new CreateQueueCommand({ QueueName: "plain" }));
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf("plain") })), { name: "InvalidParameterValue" });
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: arnOf("nowhere") })), {
      name: "ResourceNotFoundException",
    });
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 501 })), {
      name: "InvalidParameterValue",
    });
    await assert.rejects(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf("nowhere") })), { name: "ResourceNotFoundException" });
    // A handle that does not decode is InvalidParameterValue (localstack test_sqs_move_task.snapshot.json "test_cancel_with_invalid_task_handle").
    await assert.rejects(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: "not-a-task" })), {
      name: "InvalidParameterValue",
      message: "Value for parameter TaskHandle is invalid.",
    });
  });
});
