import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
  type ListSubscriptionsCommandOutput,
  type Subscription,
} from "@aws-sdk/client-sns";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const queueArn = (name: string, account = TEST_ACCOUNT) => `arn:aws:sqs:${TEST_REGION}:${account}:${name}`;
const SUBSCRIPTION_ARN = /^arn:aws:sns:us-east-1:000000000000:[\w-]+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("SNS subscriptions", () => {
  let emulator: RunningEmulator;
  let sns: SNSClient;
  let counter = 0;
  const newTopic = async () => (await sns.send(new CreateTopicCommand({ Name: `topic-${++counter}` }))).TopicArn!;
  const subscribeQueue = async (TopicArn: string, queue: string, Attributes?: Record<string, string>) =>
    (await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn(queue), Attributes }))).SubscriptionArn!;

  before(async () => {
    emulator = await startTestEmulator();
    sns = new SNSClient(clientConfig(emulator));
  });
  after(async () => {
    sns.destroy();
    await emulator.stop();
  });

  it("confirms a same-account queue subscription at once and shows its attributes", async () => {
    const TopicArn = await newTopic();
    const arn = await subscribeQueue(TopicArn, "consumer");
    assert.match(arn, SUBSCRIPTION_ARN);
    assert.ok(arn.startsWith(`${TopicArn}:`));
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    assert.deepEqual(Attributes, {
      Owner: TEST_ACCOUNT,
      RawMessageDelivery: "false",
      TopicArn,
      Endpoint: queueArn("consumer"),
      Protocol: "sqs",
      PendingConfirmation: "false",
      ConfirmationWasAuthenticated: "true",
      SubscriptionArn: arn,
      SubscriptionPrincipal: `arn:aws:iam::${TEST_ACCOUNT}:root`,
    });
    const topic = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(topic.Attributes?.SubscriptionsConfirmed, "1");
  });

  it("is idempotent for the same endpoint and refuses it with different attributes", async () => {
    const TopicArn = await newTopic();
    const first = await subscribeQueue(TopicArn, "same", { RawMessageDelivery: "true" });
    assert.equal(await subscribeQueue(TopicArn, "same", { RawMessageDelivery: "true" }), first);
    assert.equal(await subscribeQueue(TopicArn, "same"), first);
    await assert.rejects(subscribeQueue(TopicArn, "same", { RawMessageDelivery: "false" }), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
    });
    await assert.rejects(subscribeQueue(TopicArn, "same", { DeliveryPolicy: "{}" }), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Attributes Reason: AttributeName",
    });
  });

  it("takes the queue ARN, not its URL", async () => {
    const TopicArn = await newTopic();
    const url = `${emulator.endpoint}/${TEST_ACCOUNT}/consumer`;
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: url })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: SQS endpoint ARN",
    });
  });

  it("names what it supports when asked for another protocol", async () => {
    const TopicArn = await newTopic();
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: "lambda", Endpoint: "arn:aws:lambda:us-east-1:000000000000:function:f" })), {
      name: "InvalidParameterException",
      message: /sqs subscriptions only, not lambda/,
    });
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: "pigeon", Endpoint: "x" })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Amazon SNS does not support this protocol string: pigeon",
    });
  });

  it("answers NotFound when subscribing to a missing topic", async () => {
    await assert.rejects(
      sns.send(new SubscribeCommand({ TopicArn: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:missing`, Protocol: "sqs", Endpoint: queueArn("q") })),
      { name: "NotFoundException" },
    );
  });

  it("sets RawMessageDelivery, FilterPolicy and FilterPolicyScope", async () => {
    const TopicArn = await newTopic();
    const SubscriptionArn = await subscribeQueue(TopicArn, "filtered");
    const policy = JSON.stringify({ detail: { size: [{ numeric: [">", 10] }] } });
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "True" }));
    // A nested policy needs the MessageBody scope first.
    await assert.rejects(
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: policy })),
      { name: "InvalidParameterException", message: "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy" },
    );
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicyScope", AttributeValue: "MessageBody" }));
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: policy }));
    let { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    assert.equal(Attributes?.RawMessageDelivery, "true");
    assert.equal(Attributes?.FilterPolicy, policy);
    assert.equal(Attributes?.FilterPolicyScope, "MessageBody");
    // Switching back would make the policy invalid.
    await assert.rejects(
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicyScope", AttributeValue: "MessageAttributes" })),
      { name: "InvalidParameterException" },
    );
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: "" }));
    ({ Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })));
    assert.equal(Attributes?.FilterPolicy, undefined);
    assert.equal(Attributes?.FilterPolicyScope, undefined);
  });

  it("accepts a nested body policy with its scope in the same Subscribe call", async () => {
    const TopicArn = await newTopic();
    const SubscriptionArn = await subscribeQueue(TopicArn, "body-filtered", {
      FilterPolicy: JSON.stringify({ Records: { eventName: [{ prefix: "ObjectCreated:" }] } }),
      FilterPolicyScope: "MessageBody",
    });
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    assert.equal(Attributes?.FilterPolicyScope, "MessageBody");
  });

  it("refuses invalid attribute values with AWS's reasons", async () => {
    const TopicArn = await newTopic();
    const SubscriptionArn = await subscribeQueue(TopicArn, "validated");
    const cases: [string, string, string][] = [
      ["RawMessageDelivery", "yes", "Invalid parameter: RawMessageDelivery: Invalid value [yes]. Must be true or false."],
      ["FilterPolicyScope", "Body", "Invalid parameter: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes"],
      ["FilterPolicy", "{", "Invalid parameter: FilterPolicy: failed to parse JSON."],
      ["FilterPolicy", '{"a":"b"}', 'Invalid parameter: FilterPolicy: "a" must be an object or an array'],
      ["FilterPolicy", '{"a":[]}', "Invalid parameter: FilterPolicy: Empty arrays are not allowed"],
      ["FilterPolicy", '{"a":[{"wildcard":"x*"}]}', "Invalid parameter: FilterPolicy: Unrecognized match type wildcard"],
      ["FilterPolicy", '{"a":[{"prefix":1}]}', "Invalid parameter: FilterPolicy: prefix match pattern must be a string"],
      ["FilterPolicy", '{"a":[{"numeric":[">",5,"<",1]}]}', "Invalid parameter: FilterPolicy: Bottom must be less than top"],
      ["FilterPolicy", '{"a":[{"numeric":["~",5]}]}', "Invalid parameter: FilterPolicy: Unrecognized numeric range operator: ~"],
      ["FilterPolicy", '{"a":[{"exists":"yes"}]}', "Invalid parameter: FilterPolicy: exists match pattern must be either true or false."],
      ["FilterPolicy", '{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]}', "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys"],
      ["RedrivePolicy", '{"deadLetterTargetArn":"dlq"}', "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn"],
      ["DeliveryPolicy", "{}", "Invalid parameter: AttributeName"],
    ];
    for (const [AttributeName, AttributeValue, message] of cases) {
      await assert.rejects(
        sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue })),
        { name: "InvalidParameterException", message },
        `${AttributeName}=${AttributeValue}`,
      );
    }
    await assert.rejects(subscribeQueue(TopicArn, "other", { RawMessageDelivery: "maybe" }), {
      message: "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [maybe]. Must be true or false.",
    });
  });

  it("refuses a filter policy with more than 150 combinations", async () => {
    const TopicArn = await newTopic();
    const SubscriptionArn = await subscribeQueue(TopicArn, "complex");
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    const tooComplex = JSON.stringify({ a: values(10), b: values(4), c: values(4) });
    await assert.rejects(
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: tooComplex })),
      { message: "Invalid parameter: FilterPolicy: Filter policy is too complex" },
    );
    const justFits = JSON.stringify({ a: values(10), b: values(3), c: values(5) });
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: justFits }));
  });

  it("lists subscriptions, by topic and for the account, in pages of 100", async () => {
    const TopicArn = await newTopic();
    const arns = await Promise.all(Array.from({ length: 101 }, (_, i) => subscribeQueue(TopicArn, `fan-${i}`)));
    const byTopic: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken }));
      byTopic.push(...(page.Subscriptions ?? []).map((subscription) => subscription.SubscriptionArn!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.equal(pages, 2);
    assert.deepEqual(byTopic.sort(), [...arns].sort());
    const everywhere: Subscription[] = [];
    NextToken = undefined;
    do {
      const page: ListSubscriptionsCommandOutput = await sns.send(new ListSubscriptionsCommand({ NextToken }));
      assert.ok((page.Subscriptions?.length ?? 0) <= 100);
      everywhere.push(...(page.Subscriptions ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(
      everywhere.find((subscription) => subscription.SubscriptionArn === arns[0]),
      { SubscriptionArn: arns[0], Owner: TEST_ACCOUNT, Protocol: "sqs", Endpoint: queueArn("fan-0"), TopicArn },
    );
    await assert.rejects(sns.send(new ListSubscriptionsCommand({ NextToken: "garbage" })), { name: "InvalidParameterException" });
  });

  it("unsubscribes idempotently and counts deleted subscriptions", async () => {
    const TopicArn = await newTopic();
    const SubscriptionArn = await subscribeQueue(TopicArn, "leaving");
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await assert.rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })), {
      name: "NotFoundException",
      message: "Subscription does not exist",
    });
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.SubscriptionsConfirmed, "0");
    assert.equal(Attributes?.SubscriptionsDeleted, "1");
    await assert.rejects(sns.send(new UnsubscribeCommand({ SubscriptionArn: "not-an-arn" })), { name: "InvalidParameterException" });
  });

  it("removes a topic's subscriptions with the topic", async () => {
    const TopicArn = await newTopic();
    const SubscriptionArn = await subscribeQueue(TopicArn, "orphan");
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await assert.rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })), { name: "NotFoundException" });
  });

  it("leaves a subscription to another account's queue pending confirmation", async () => {
    const TopicArn = await newTopic();
    const Endpoint = queueArn("foreign", "111111111111");
    const pending = await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint }));
    assert.equal(pending.SubscriptionArn, "pending confirmation");
    const withArn = await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint, ReturnSubscriptionArn: true }));
    assert.match(withArn.SubscriptionArn!, SUBSCRIPTION_ARN);
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.SubscriptionsPending, "1");
    assert.equal(Attributes?.SubscriptionsConfirmed, "0");
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.equal(listed.Subscriptions?.[0]?.SubscriptionArn, "PendingConfirmation");
    const details = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: withArn.SubscriptionArn }));
    assert.equal(details.Attributes?.PendingConfirmation, "true");
  });
});
