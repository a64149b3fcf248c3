/**
 * An independent client: boto3 (botocore's own models and serialisers) drives
 * SNS, SQS and STS on the emulator from a python3 child process.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSessionPrincipal } from "../../src/emulator/policy/principal.js";
import { startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const run = promisify(execFile);

/** No profile files from the machine: only the credentials each run passes. */
const PYTHON_ENV = { AWS_DEFAULT_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" };

const SCRIPT = String.raw`
import json, sys
import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
sns = boto3.client("sns", endpoint_url=endpoint)
sqs = boto3.client("sqs", endpoint_url=endpoint)
sts = boto3.client("sts", endpoint_url=endpoint)
out = {}

topic_arn = sns.create_topic(Name="boto3-topic", Tags=[{"Key": "client", "Value": "boto3"}])["TopicArn"]
queue_url = sqs.create_queue(QueueName="boto3-queue")["QueueUrl"]
queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                   "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}}]})})
subscription_arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn,
                                 Attributes={"FilterPolicy": json.dumps({"kind": ["wanted"]})})["SubscriptionArn"]
sns.publish(TopicArn=topic_arn, Message="filtered out",
            MessageAttributes={"kind": {"DataType": "String", "StringValue": "unwanted"}})
published = sns.publish(TopicArn=topic_arn, Subject="hello", Message="from boto3",
                        MessageAttributes={"kind": {"DataType": "String", "StringValue": "wanted"}})

received = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=10, MaxNumberOfMessages=10)
out["topic_arn"] = topic_arn
out["subscription_arn"] = subscription_arn
out["message_id"] = published["MessageId"]
out["bodies"] = [m["Body"] for m in received.get("Messages", [])]
out["topic_attributes"] = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
out["subscriptions"] = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
out["tags"] = sns.list_tags_for_resource(ResourceArn=topic_arn)["Tags"]
out["identity"] = {k: v for k, v in sts.get_caller_identity().items() if k != "ResponseMetadata"}
try:
    sns.get_topic_attributes(TopicArn=topic_arn + "-missing")
except sns.exceptions.NotFoundException as error:
    out["missing"] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                      "message": error.response["Error"]["Message"]}
try:
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_url)
except ClientError as error:
    out["url_endpoint"] = error.response["Error"]["Code"] + ": " + error.response["Error"]["Message"]
print(json.dumps(out))
`;

describe("boto3 against the emulator", () => {
  let emulator: RunningEmulator;
  let result: Record<string, any>;

  before(async () => {
    emulator = await startTestEmulator();
    const { stdout } = await run("python3", ["-c", SCRIPT, emulator.endpoint], {
      env: { ...process.env, ...PYTHON_ENV, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" },
      timeout: 60_000,
    });
    result = JSON.parse(stdout);
  });
  after(async () => {
    await emulator.stop();
  });

  it("creates a topic and queue, subscribes with a filter, and receives only the matching envelope", () => {
    assert.equal(result.topic_arn, `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:boto3-topic`);
    assert.ok(result.subscription_arn.startsWith(`${result.topic_arn}:`));
    assert.equal(result.bodies.length, 1);
    const envelope = JSON.parse(result.bodies[0]);
    assert.equal(envelope.Type, "Notification");
    assert.equal(envelope.MessageId, result.message_id);
    assert.equal(envelope.Subject, "hello");
    assert.equal(envelope.Message, "from boto3");
    assert.deepEqual(envelope.MessageAttributes, { kind: { Type: "String", Value: "wanted" } });
  });

  it("reads topic attributes, subscriptions and tags", () => {
    assert.equal(result.topic_attributes.SubscriptionsConfirmed, "1");
    assert.equal(JSON.parse(result.topic_attributes.Policy).Id, "__default_policy_ID");
    assert.deepEqual(result.subscriptions, [
      {
        SubscriptionArn: result.subscription_arn,
        Owner: TEST_ACCOUNT,
        Protocol: "sqs",
        Endpoint: `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:boto3-queue`,
        TopicArn: result.topic_arn,
      },
    ]);
    assert.deepEqual(result.tags, [{ Key: "client", Value: "boto3" }]);
  });

  it("maps SNS errors to botocore's modelled exceptions", () => {
    assert.deepEqual(result.missing, { code: "NotFound", status: 404, message: "Topic does not exist" });
    assert.equal(result.url_endpoint, "InvalidParameter: Invalid parameter: SQS endpoint ARN");
  });

  it("answers STS get_caller_identity", () => {
    assert.deepEqual(result.identity, { UserId: TEST_ACCOUNT, Account: TEST_ACCOUNT, Arn: `arn:aws:iam::${TEST_ACCOUNT}:root` });
  });

  it("answers get_caller_identity for a role session signing with a session token", async () => {
    const session = emulator.hub.credentials.issueSession(
      roleSessionPrincipal(TEST_ACCOUNT, "consumer-role", "AROAEXAMPLEROLEID", "consumer-fn"),
    );
    const script = 'import json, sys, boto3; r = boto3.client("sts", endpoint_url=sys.argv[1]).get_caller_identity(); r.pop("ResponseMetadata"); print(json.dumps(r))';
    const { stdout } = await run("python3", ["-c", script, emulator.endpoint], {
      env: {
        ...process.env,
        ...PYTHON_ENV,
        AWS_ACCESS_KEY_ID: session.accessKeyId,
        AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
        AWS_SESSION_TOKEN: session.sessionToken,
      },
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(stdout), {
      UserId: "AROAEXAMPLEROLEID:consumer-fn",
      Account: TEST_ACCOUNT,
      Arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/consumer-role/consumer-fn`,
    });
  });
});
