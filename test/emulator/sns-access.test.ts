import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateTopicCommand, PublishCommand, SetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSessionPrincipal, servicePrincipal } from "../../src/emulator/policy/principal.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

/** The topic policy S3 needs (aws-behaviour §3.2). */
function s3PublishPolicy(topicArn: string, bucket: string): string {
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

describe("SNS authorisation: topic policies", () => {
  let emulator: RunningEmulator;
  let sns: SNSClient;
  const log: EmulatorLogEntry[] = [];

  /** Publish as S3 does for a bucket's notification: through the internal dispatcher and the IAM layer. */
  const publishAsS3 = (TopicArn: string, bucket: string, account = TEST_ACCOUNT) =>
    emulator.hub.call<{ MessageId: string }>({
      service: "sns",
      operation: "Publish",
      input: { TopicArn, Message: "{}", Subject: "Amazon S3 Notification" },
      principal: servicePrincipal("s3.amazonaws.com", account, `arn:aws:s3:::${bucket}`),
      region: TEST_REGION,
    });

  /** An SNS client signing with a role session's temporary keys. */
  const roleClient = (account: string, roleName: string) => {
    const session = emulator.hub.credentials.issueSession(roleSessionPrincipal(account, roleName, "AROAEXAMPLEROLEID", "session"));
    return new SNSClient(clientConfig(emulator, { credentials: session }));
  };

  before(async () => {
    emulator = await startTestEmulator({ log: (entry) => log.push(entry) });
    sns = new SNSClient(clientConfig(emulator));
  });
  after(async () => {
    sns.destroy();
    await emulator.stop();
  });

  it("refuses S3's publish under the default topic policy", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "uploads-default" }));
    await assert.rejects(publishAsS3(TopicArn!, "uploads"), (error: Error) => {
      assert.equal(error.name, "AuthorizationErrorException");
      assert.match(error.message, /^User: s3\.amazonaws\.com is not authorized to perform: sns:Publish on resource: arn:aws:sns:/);
      return true;
    });
    assert.ok(log.some((entry) => entry.message === "request denied" && entry.service === "sns" && entry.operation === "Publish"));
  });

  it("admits S3 once the topic policy names s3.amazonaws.com for that bucket and account", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "uploads-allowed" }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: s3PublishPolicy(TopicArn!, "uploads") }));
    const { MessageId } = await publishAsS3(TopicArn!, "uploads");
    assert.ok(MessageId);
    await assert.rejects(publishAsS3(TopicArn!, "other-bucket"), { name: "AuthorizationErrorException" });
    await assert.rejects(publishAsS3(TopicArn!, "uploads", "222222222222"), { name: "AuthorizationErrorException" });
  });

  it("lets a role of the owner account publish under the default policy, but not create topics", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "owner-role" }));
    const client = roleClient(TEST_ACCOUNT, "publisher");
    try {
      const { MessageId } = await client.send(new PublishCommand({ TopicArn, Message: "from a role" }));
      assert.ok(MessageId);
      await assert.rejects(client.send(new CreateTopicCommand({ Name: "not-allowed" })), (error: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.name, "AuthorizationErrorException");
        assert.equal(error.Code, "AuthorizationError");
        assert.equal(error.$metadata?.httpStatusCode, 403);
        assert.match(error.message, /is not authorized to perform: sns:CreateTopic/);
        return true;
      });
    } finally {
      client.destroy();
    }
  });

  it("keeps principals of other accounts out under the default policy", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "foreign-role" }));
    const client = roleClient("111111111111", "outsider");
    try {
      await assert.rejects(client.send(new PublishCommand({ TopicArn, Message: "intruder" })), { name: "AuthorizationErrorException" });
    } finally {
      client.destroy();
    }
  });
});
