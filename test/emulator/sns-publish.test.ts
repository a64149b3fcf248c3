import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SNSClient, type PublishCommandInput } from "@aws-sdk/client-sns";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("SNS Publish and PublishBatch acceptance rules", () => {
  let emulator: RunningEmulator;
  let sns: SNSClient;
  let TopicArn: string;
  const publish = (input: Omit<PublishCommandInput, "TopicArn">) => sns.send(new PublishCommand({ TopicArn, ...input }));

  before(async () => {
    emulator = await startTestEmulator();
    sns = new SNSClient(clientConfig(emulator));
    TopicArn = (await sns.send(new CreateTopicCommand({ Name: "events" }))).TopicArn!;
  });
  after(async () => {
    sns.destroy();
    await emulator.stop();
  });

  it("answers a MessageId for an accepted message, even with no subscribers", async () => {
    const { MessageId } = await publish({ Message: "hello", Subject: "Greeting: hi!" });
    assert.match(MessageId!, UUID);
  });

  it("accepts TargetArn in place of TopicArn", async () => {
    const { MessageId } = await sns.send(new PublishCommand({ TargetArn: TopicArn, Message: "via target" }));
    assert.match(MessageId!, UUID);
  });

  it("answers NotFound for a topic that does not exist", async () => {
    await assert.rejects(
      sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:ghost`, Message: "x" })),
      { name: "NotFoundException", message: "Topic does not exist" },
    );
  });

  it("refuses an empty message", async () => {
    await assert.rejects(publish({ Message: "" }), { name: "InvalidParameterException", message: "Invalid parameter: Empty message" });
  });

  it("enforces the Subject rules", async () => {
    for (const Subject of ["", "two\nlines", "x".repeat(100), " leading space", "caf\u00e9"]) {
      await assert.rejects(publish({ Message: "m", Subject }), { name: "InvalidParameterException", message: "Invalid parameter: Subject" }, JSON.stringify(Subject));
    }
    await publish({ Message: "m", Subject: "x".repeat(99) });
  });

  it("limits a message to 256 KiB, attributes included", async () => {
    const limit = 262_144;
    await publish({ Message: "a".repeat(limit) });
    await assert.rejects(publish({ Message: "a".repeat(limit + 1) }), { name: "InvalidParameterException", message: "Invalid parameter: Message too long" });
    // name (1) + "String" (6) + value (1) push an otherwise fitting message over the limit
    await assert.rejects(
      publish({ Message: "a".repeat(limit - 7), MessageAttributes: { k: { DataType: "String", StringValue: "v" } } }),
      { message: "Invalid parameter: Message too long" },
    );
  });

  it("allows at most 10 message attributes", async () => {
    const attributes = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, { DataType: "String", StringValue: "v" }]));
    await publish({ Message: "m", MessageAttributes: attributes(10) });
    await assert.rejects(publish({ Message: "m", MessageAttributes: attributes(11) }), (error: Error & { Code?: string }) => {
      assert.equal(error.name, "InvalidParameterValueException");
      assert.equal(error.Code, "ParameterValueInvalid");
      return true;
    });
  });

  it("validates message attribute names, types and values", async () => {
    const cases: [string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array }, RegExp][] = [
      [".dot", { DataType: "String", StringValue: "v" }, /starting with character '\.'/],
      ["a..b", { DataType: "String", StringValue: "v" }, /successive '\.'/],
      ["sp ace", { DataType: "String", StringValue: "v" }, /Invalid non-alphanumeric character '#x20'/],
      ["k", { DataType: "Text", StringValue: "v" }, /supported type prefixes is Binary, Number, and String/],
      ["k", { DataType: "String", StringValue: "" }, /must contain non-empty message attribute value/],
      ["k", { DataType: "Number", StringValue: "twelve" }, /value to number/],
      ["k", { DataType: "Binary", StringValue: "v" }, /must use field 'Binary'/],
    ];
    for (const [name, value, message] of cases) {
      await assert.rejects(
        publish({ Message: "m", MessageAttributes: { [name]: value as { DataType: string } } }),
        { name: "InvalidParameterValueException", message },
        `${name} ${JSON.stringify(value)}`,
      );
    }
    await publish({
      Message: "m",
      MessageAttributes: {
        "custom.type": { DataType: "String.Array", StringValue: '["a",1]' },
        size: { DataType: "Number.int", StringValue: "-1.5e3" },
        blob: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2]) },
      },
    });
  });

  it("checks JSON message structures", async () => {
    await publish({ Message: JSON.stringify({ default: "d", sqs: "s" }), MessageStructure: "json" });
    await assert.rejects(publish({ Message: JSON.stringify({ sqs: "s" }), MessageStructure: "json" }), {
      message: "Invalid parameter: Message Structure - No default entry in JSON message body",
    });
    await assert.rejects(publish({ Message: "not json", MessageStructure: "json" }), {
      message: "Invalid parameter: Message Structure - JSON message body failed to parse",
    });
  });

  it("refuses FIFO-only parameters on a standard topic and SMS", async () => {
    await assert.rejects(publish({ Message: "m", MessageDeduplicationId: "d" }), { message: /MessageDeduplicationId parameter that is not valid for this topic type/ });
    await assert.rejects(publish({ Message: "m", MessageGroupId: "g" }), { message: /MessageGroupId parameter that is not valid for this topic type/ });
    await assert.rejects(sns.send(new PublishCommand({ PhoneNumber: "+15555550100", Message: "m" })), { name: "InvalidParameterException" });
  });

  it("publishes a batch and reports refused entries in Failed", async () => {
    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: "ok-1", Message: "one" },
          { Id: "empty", Message: "" },
          { Id: "ok_2", Message: "two", Subject: "s" },
          { Id: "bad-subject", Message: "three", Subject: "a\nb" },
        ],
      }),
    );
    assert.deepEqual(result.Successful?.map((entry) => entry.Id), ["ok-1", "ok_2"]);
    for (const entry of result.Successful ?? []) assert.match(entry.MessageId!, UUID);
    assert.deepEqual(result.Failed, [
      { Id: "empty", Code: "InvalidParameter", Message: "Invalid parameter: Empty message", SenderFault: true },
      { Id: "bad-subject", Code: "InvalidParameter", Message: "Invalid parameter: Subject", SenderFault: true },
    ]);
  });

  it("refuses malformed batches as a whole", async () => {
    const send = (entries: { Id: string; Message: string }[]) =>
      sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));
    await assert.rejects(send([]), { name: "EmptyBatchRequestException" });
    await assert.rejects(send(Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: "x" }))), {
      name: "TooManyEntriesInBatchRequestException",
    });
    await assert.rejects(send([{ Id: "same", Message: "a" }, { Id: "same", Message: "b" }]), { name: "BatchEntryIdsNotDistinctException" });
    await assert.rejects(send([{ Id: "not ok", Message: "a" }]), { name: "InvalidBatchEntryIdException" });
    await assert.rejects(send([{ Id: "a", Message: "x".repeat(200_000) }, { Id: "b", Message: "y".repeat(100_000) }]), {
      name: "BatchRequestTooLongException",
    });
  });
});
