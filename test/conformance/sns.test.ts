/**
 * SNS answers compared with recorded AWS answers (localstack
 * tests/aws/services/sns/test_sns.snapshot.json). The SDK names the query
 * codes with an Exception suffix: InvalidParameter -> InvalidParameterException,
 * NotFound -> NotFoundException, and so on.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-sns";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { rejectsAsRecorded } from "../helpers/recorded.js";

describe("SNS conformance with recorded AWS answers", () => {
  let emulator: RunningEmulator;
  let sns: SNSClient;
  let sqs: SQSClient;
  before(async () => {
    emulator = await startTestEmulator();
    sns = new SNSClient(clientConfig(emulator));
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  const topic = async (Name: string, Attributes?: Record<string, string>) => (await sns.send(new CreateTopicCommand({ Name, Attributes }))).TopicArn!;
  const queueArn = async (name: string) => {
    await sqs.send(new CreateQueueCommand({ QueueName: name }));
    return `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}`;
  };

  // "test_create_topic_with_attributes": the recorded attribute set and default policy; NotFound and a malformed ARN
  it("GetTopicAttributes answers the recorded attributes; a missing topic is NotFound (404), a malformed ARN InvalidParameter", async () => {
    const arn = await topic("described", { DisplayName: "TestTopic" });
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    assert.deepEqual(
      [Attributes!.DisplayName, Attributes!.Owner, Attributes!.TopicArn, Attributes!.SubscriptionsConfirmed, Attributes!.SubscriptionsPending, Attributes!.SubscriptionsDeleted],
      ["TestTopic", TEST_ACCOUNT, arn, "0", "0", "0"],
    );
    const policy = JSON.parse(Attributes!.Policy!);
    assert.deepEqual([policy.Version, policy.Id, policy.Statement[0].Sid], ["2008-10-17", "__default_policy_ID", "__default_statement_ID"]);
    assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { "AWS:SourceOwner": TEST_ACCOUNT } });
    assert.ok(JSON.parse(Attributes!.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy);
    await rejectsAsRecorded(sns.send(new GetTopicAttributesCommand({ TopicArn: `${arn}-missing` })), {
      code: "NotFoundException",
      status: 404,
      message: "Topic does not exist",
    });
    await rejectsAsRecorded(sns.send(new GetTopicAttributesCommand({ TopicArn: "randomstring" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
    });
  });

  // "test_create_topic_different_attrs", "test_create_topic_name_constraints"
  it("CreateTopic is idempotent for the same attributes and refuses different ones and bad names", async () => {
    const first = await topic("idempotent", { DisplayName: "one" });
    assert.equal(await topic("idempotent", { DisplayName: "one" }), first);
    await rejectsAsRecorded(sns.send(new CreateTopicCommand({ Name: "idempotent", Attributes: { DisplayName: "two" } })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    });
    for (const Name of ["", "x".repeat(257)]) {
      await rejectsAsRecorded(sns.send(new CreateTopicCommand({ Name })), { code: "InvalidParameterException", status: 400, message: "Invalid parameter: Topic Name" });
    }
    await sns.send(new SetTopicAttributesCommand({ TopicArn: first, AttributeName: "DisplayName", AttributeValue: "changed" }));
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn: first }))).Attributes!.DisplayName, "changed");
    assert.ok((await sns.send(new ListTopicsCommand({}))).Topics?.some((t) => t.TopicArn === first));
  });

  // "test_tags"
  it("tags: duplicates refused, listed in order, removed and replaced", async () => {
    const arn = await topic("tagged");
    await rejectsAsRecorded(sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k1", Value: "v1" }, { Key: "k1", Value: "v2" }] })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: Duplicated keys are not allowed.",
    });
    await sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k1", Value: "v1" }, { Key: "k2", Value: "v2" }] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: "k1", Value: "v1" }, { Key: "k2", Value: "v2" }]);
    await sns.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["k1"] }));
    await sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k2", Value: "v2b" }] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: "k2", Value: "v2b" }]);
  });

  // "test_create_subscriptions_with_attributes", "test_validate_set_sub_attributes"
  it("subscriptions: the recorded attributes, invalid RawMessageDelivery values and unknown attributes refused, NotFound once gone", async () => {
    const arn = await topic("subscribed");
    const endpoint = await queueArn("subscriber");
    await rejectsAsRecorded(
      sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: endpoint, Attributes: { RawMessageDelivery: "wrongvalue" } })),
      { code: "InvalidParameterException", status: 400, message: "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false." },
    );
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: endpoint, Attributes: { RawMessageDelivery: "true" } }));
    assert.match(SubscriptionArn!, new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    assert.deepEqual(
      [Attributes!.Protocol, Attributes!.Endpoint, Attributes!.RawMessageDelivery, Attributes!.PendingConfirmation, Attributes!.ConfirmationWasAuthenticated, Attributes!.Owner, Attributes!.TopicArn],
      ["sqs", endpoint, "true", "false", "true", TEST_ACCOUNT, arn],
    );
    await rejectsAsRecorded(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FakeAttribute", AttributeValue: "x" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: AttributeName",
    });
    await rejectsAsRecorded(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "test-ValUe" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.",
    });
    assert.deepEqual((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions?.map((s) => s.SubscriptionArn), [SubscriptionArn]);
    assert.ok((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions?.some((s) => s.SubscriptionArn === SubscriptionArn));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await rejectsAsRecorded(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })), {
      code: "NotFoundException",
      status: 404,
      message: "Subscription does not exist",
    });
  });

  // "test_unsubscribe_wrong_arn_format"
  it("Unsubscribe refuses malformed subscription ARNs with the recorded reasons", async () => {
    const cases: [string, string][] = [
      ["randomstring", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1"],
      ["arn:aws:sns:us-east-1:random", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5"],
      ["arn:aws:sns:us-east-1:111111111111:random", "Invalid parameter: SubscriptionId"],
    ];
    for (const [SubscriptionArn, message] of cases) {
      await rejectsAsRecorded(sns.send(new UnsubscribeCommand({ SubscriptionArn })), { code: "InvalidParameterException", status: 400, message });
    }
  });

  // "test_sns_confirm_subscription_wrong_token"
  it("ConfirmSubscription refuses a token it never issued", async () => {
    const arn = await topic("confirmations");
    await rejectsAsRecorded(sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: "randomtoken" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid token",
    });
    await rejectsAsRecorded(sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: "51b2ff3edb475b7d91550e0ab6edf0c1de2a34e6" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: Token",
    });
  });

  // "test_empty_sns_message", "test_publish_batch_exceptions", "test_topic_publish_another_region"
  it("Publish and PublishBatch refuse what AWS refused, in its words", async () => {
    const arn = await topic("published");
    await rejectsAsRecorded(sns.send(new PublishCommand({ TopicArn: arn, Message: "" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: Empty message",
    });
    const published = await sns.send(new PublishCommand({ TopicArn: arn, Message: "hello" }));
    assert.match(published.MessageId!, /^[0-9a-f-]{36}$/);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: "x" }));
    await rejectsAsRecorded(sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: eleven })), {
      code: "TooManyEntriesInBatchRequestException",
      status: 400,
      message: "The batch request contains more entries than permissible.",
    });
    await rejectsAsRecorded(
      sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: [{ Id: "same", Message: "a" }, { Id: "same", Message: "b" }] })),
      { code: "BatchEntryIdsNotDistinctException", status: 400, message: "Two or more batch entries in the request have the same Id." },
    );
    await rejectsAsRecorded(sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: [{ Id: "message.id", Message: "a" }] })), {
      code: "InvalidBatchEntryIdException",
      status: 400,
      message: "The Id of a batch entry in the batch request contains an impermissible character: message.id",
    });
    const batch = await sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: [{ Id: "one", Message: "1" }] }));
    assert.deepEqual(batch.Successful?.map((s) => s.Id), ["one"]);
    const elsewhere = arn.replace(TEST_REGION, "eu-west-1");
    await rejectsAsRecorded(sns.send(new PublishCommand({ TopicArn: elsewhere, Message: "hello" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: TopicArn",
    });
  });

  it("DeleteTopic is idempotent and the topic is gone (service model: DeleteTopic of a missing topic succeeds)", async () => {
    const arn = await topic("deleted");
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await rejectsAsRecorded(sns.send(new GetTopicAttributesCommand({ TopicArn: arn })), { code: "NotFoundException", status: 404 });
  });
});
