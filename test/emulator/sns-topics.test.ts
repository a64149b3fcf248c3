import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  SetTopicAttributesCommand,
  SNSClient,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-sns";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const arnOf = (name: string) => `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:${name}`;

/** The policy S3 needs on a topic (aws-behaviour §3.2). */
function s3PublishPolicy(topicArn: string, bucket: string) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowS3Publish",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:aws:s3:*:*:${bucket}` },
          StringEquals: { "aws:SourceAccount": TEST_ACCOUNT },
        },
      },
    ],
  });
}

describe("SNS topics", () => {
  let emulator: RunningEmulator;
  let sns: SNSClient;
  before(async () => {
    emulator = await startTestEmulator();
    sns = new SNSClient(clientConfig(emulator));
  });
  after(async () => {
    sns.destroy();
    await emulator.stop();
  });

  it("creates a topic idempotently and answers the same ARN", async () => {
    const first = await sns.send(new CreateTopicCommand({ Name: "orders" }));
    const second = await sns.send(new CreateTopicCommand({ Name: "orders" }));
    assert.equal(first.TopicArn, arnOf("orders"));
    assert.equal(second.TopicArn, first.TopicArn);
  });

  it("refuses re-creation with different attributes or tags", async () => {
    await sns.send(new CreateTopicCommand({ Name: "tagged", Attributes: { DisplayName: "one" }, Tags: [{ Key: "team", Value: "a" }] }));
    await sns.send(new CreateTopicCommand({ Name: "tagged", Attributes: { DisplayName: "one" }, Tags: [{ Key: "team", Value: "a" }] }));
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: "tagged", Attributes: { DisplayName: "two" } })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    });
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: "tagged", Tags: [{ Key: "team", Value: "b" }] })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Tags Reason: Topic already exists with different tags",
    });
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: "tagged", Attributes: { constructor: "x" } })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Attributes Reason: AttributeName",
    });
  });

  it("enforces topic name rules", async () => {
    for (const name of ["has space", "a".repeat(257), "dots.not.allowed", ""]) {
      await assert.rejects(sns.send(new CreateTopicCommand({ Name: name })), (error: Error & { Code?: string }) => {
        assert.equal(error.name, "InvalidParameterException");
        assert.equal(error.Code, "InvalidParameter");
        assert.equal(error.message, "Invalid parameter: Topic Name");
        return true;
      });
    }
    const longest = await sns.send(new CreateTopicCommand({ Name: "A-z_0".padEnd(256, "x") }));
    assert.ok(longest.TopicArn?.endsWith(":" + "A-z_0".padEnd(256, "x")));
  });

  it("says FIFO topics are not provided instead of creating a standard one", async () => {
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: "jobs.fifo", Attributes: { FifoTopic: "true" } })), {
      name: "InvalidParameterException",
      message: /standard topics only/,
    });
  });

  it("shows the attributes of a new topic, with AWS's default policy", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "fresh" }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.ok(Attributes);
    assert.equal(Attributes.TopicArn, TopicArn);
    assert.equal(Attributes.Owner, TEST_ACCOUNT);
    assert.equal(Attributes.DisplayName, "");
    assert.equal(Attributes.SubscriptionsConfirmed, "0");
    assert.equal(Attributes.SubscriptionsPending, "0");
    assert.equal(Attributes.SubscriptionsDeleted, "0");
    assert.equal(JSON.parse(Attributes.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy.numRetries, 3);
    assert.deepEqual(JSON.parse(Attributes.Policy!), {
      Version: "2008-10-17",
      Id: "__default_policy_ID",
      Statement: [
        {
          Sid: "__default_statement_ID",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: [
            "SNS:GetTopicAttributes",
            "SNS:SetTopicAttributes",
            "SNS:AddPermission",
            "SNS:RemovePermission",
            "SNS:DeleteTopic",
            "SNS:Subscribe",
            "SNS:ListSubscriptionsByTopic",
            "SNS:Publish",
          ],
          Resource: TopicArn,
          Condition: { StringEquals: { "AWS:SourceOwner": TEST_ACCOUNT } },
        },
      ],
    });
  });

  it("replaces the policy and display name with SetTopicAttributes", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "with-policy" }));
    const policy = s3PublishPolicy(TopicArn!, "uploads");
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: policy }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "DisplayName", AttributeValue: "Uploads" }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.Policy, policy);
    assert.equal(Attributes?.DisplayName, "Uploads");
  });

  it("refuses malformed policies and unknown attributes with InvalidParameter", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "strict" }));
    const attempts: [string, string, RegExp][] = [
      ["Policy", "{not json", /^Invalid parameter: Policy Error: /],
      ["Policy", JSON.stringify({ Statement: [{ Effect: "Allow", Action: "SNS:Publish", Resource: "*" }] }), /Principal/],
      [
        "Policy",
        JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }] }),
        /^Invalid parameter: Policy statement action out of service scope!$/,
      ],
      ["NoSuchAttribute", "x", /^Invalid parameter: AttributeName$/],
    ];
    for (const [AttributeName, AttributeValue, message] of attempts) {
      await assert.rejects(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue })), {
        name: "InvalidParameterException",
        message,
      });
    }
  });

  it("answers NotFound for a missing topic and deletes idempotently", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "short-lived" }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await assert.rejects(sns.send(new GetTopicAttributesCommand({ TopicArn })), (error: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, "NotFoundException");
      assert.equal(error.message, "Topic does not exist");
      assert.equal(error.Code, "NotFound");
      assert.equal(error.$metadata?.httpStatusCode, 404);
      return true;
    });
  });

  it("refuses a malformed topic ARN", async () => {
    await assert.rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: "orders" })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
    });
  });

  it("lists topics in pages of 100", async () => {
    const isolated = await startTestEmulator();
    const client = new SNSClient(clientConfig(isolated));
    try {
      const names = Array.from({ length: 101 }, (_, i) => `page-${String(i).padStart(3, "0")}`);
      await Promise.all(names.map((Name) => client.send(new CreateTopicCommand({ Name }))));
      const pages: string[][] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListTopicsCommand({ NextToken }));
        pages.push((page.Topics ?? []).map((topic) => topic.TopicArn!));
        NextToken = page.NextToken;
      } while (NextToken);
      assert.deepEqual(pages.map((page) => page.length), [100, 1]);
      assert.deepEqual(pages.flat().sort(), names.map(arnOf).sort());
    } finally {
      client.destroy();
      await isolated.stop();
    }
  });

  it("tags, untags and lists tags; a missing topic is ResourceNotFound", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "tags", Tags: [{ Key: "env", Value: "dev" }] }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: "team", Value: "data" }, { Key: "env", Value: "test" }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ["team", "absent"] }));
    const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
    assert.deepEqual(Tags, [{ Key: "env", Value: "test" }]);
    await assert.rejects(sns.send(new ListTagsForResourceCommand({ ResourceArn: arnOf("nope") })), {
      name: "ResourceNotFoundException",
    });
  });

  it("allows at most 50 tags on a topic", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "many-tags" }));
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: tags }));
    await assert.rejects(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: "one-more", Value: "v" }] })), {
      name: "TagLimitExceededException",
    });
  });

  it("keeps topics apart per region", async () => {
    const west = new SNSClient(clientConfig(emulator, { region: "eu-west-1" }));
    try {
      const { TopicArn } = await west.send(new CreateTopicCommand({ Name: "regional" }));
      assert.equal(TopicArn, `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:regional`);
      const listed = await sns.send(new ListTopicsCommand({}));
      assert.ok(!listed.Topics?.some((topic) => topic.TopicArn === TopicArn));
      // A topic is addressed in its own region only.
      await assert.rejects(sns.send(new GetTopicAttributesCommand({ TopicArn })), { name: "InvalidParameterException" });
    } finally {
      west.destroy();
    }
  });
});
