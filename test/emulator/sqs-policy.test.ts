import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type ReceiveMessageCommandOutput,
} from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { adminPrincipal, servicePrincipal, type Principal, type RoleSessionPrincipal } from "../../src/emulator/policy/principal.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { queueUrlForArn } from "../../src/emulator/queue-address.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const arnOf = (name: string) => `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}`;
const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:uploads`;
const OTHER_TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:other`;

describe("SQS queue policies and internal callers", () => {
  let emulator: RunningEmulator;
  let sqs: SQSClient;
  const waits: (() => void)[] = [];

  before(async () => {
    const log = (entry: EmulatorLogEntry) => {
      if (entry.message === "long poll waiting") waits.shift()?.();
    };
    emulator = await startTestEmulator({ log });
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  const createQueue = async (name: string, Policy?: object) => {
    await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: Policy ? { Policy: JSON.stringify(Policy) } : undefined }));
    return queueUrlForArn(emulator.hub, arnOf(name));
  };
  const deliver = (principal: Principal, queueName: string, MessageBody = "event") =>
    emulator.hub.call<{ MessageId: string }>({
      service: "sqs",
      operation: "SendMessage",
      input: { QueueUrl: queueUrlForArn(emulator.hub, arnOf(queueName)), MessageBody },
      principal,
      region: TEST_REGION,
    });
  const snsFor = (topicArn: string) => servicePrincipal("sns.amazonaws.com", TEST_ACCOUNT, topicArn);
  const topicPolicy = (queueName: string, topicArn: string) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowTopic",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: arnOf(queueName),
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
      },
    ],
  });

  it("addresses queues for other services with URLs on the emulator endpoint", () => {
    assert.equal(queueUrlForArn(emulator.hub, arnOf("q")), `${emulator.endpoint}/${TEST_ACCOUNT}/q`);
  });

  it("refuses SNS deliveries to a queue without a policy", async () => {
    await createQueue("no-policy");
    await assert.rejects(deliver(snsFor(TOPIC_ARN), "no-policy"), (error: Error) => {
      assert.equal(error.name, "AccessDenied");
      assert.match(error.message, /sns\.amazonaws\.com is not authorized to perform: sqs:SendMessage/);
      return true;
    });
  });

  it("admits SNS deliveries from the topic the policy names, with SNS's sender id", async () => {
    const url = await createQueue("fan-out", topicPolicy("fan-out", TOPIC_ARN));
    const { MessageId } = await deliver(snsFor(TOPIC_ARN), "fan-out", "from sns");
    await assert.rejects(deliver(snsFor(OTHER_TOPIC_ARN), "fan-out"), { name: "AccessDenied" });
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ["SenderId"] }));
    assert.equal(Messages!.length, 1);
    assert.equal(Messages![0]!.MessageId, MessageId);
    assert.equal(Messages![0]!.Attributes!.SenderId, "AIDAIT2UOQQY3AUEKVGXU");
  });

  it("applies a policy set later with SetQueueAttributes, and an explicit Deny wins", async () => {
    const url = await createQueue("late-policy");
    await assert.rejects(deliver(snsFor(TOPIC_ARN), "late-policy"), { name: "AccessDenied" });
    const allow = topicPolicy("late-policy", TOPIC_ARN);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(allow) } }));
    await deliver(snsFor(TOPIC_ARN), "late-policy");
    const withDeny = {
      ...allow,
      Statement: [...allow.Statement, { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: arnOf("late-policy") }],
    };
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(withDeny) } }));
    await assert.rejects(deliver(snsFor(TOPIC_ARN), "late-policy"), { name: "AccessDenied" });
  });

  it("admits S3 deliveries by bucket ARN and source account", async () => {
    await createQueue("from-s3", {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "SQS:SendMessage",
          Resource: arnOf("from-s3"),
          Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:*:*:my-bucket" }, StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
        },
      ],
    });
    await deliver(servicePrincipal("s3.amazonaws.com", TEST_ACCOUNT, "arn:aws:s3:::my-bucket"), "from-s3");
    await assert.rejects(deliver(servicePrincipal("s3.amazonaws.com", TEST_ACCOUNT, "arn:aws:s3:::other-bucket"), "from-s3"), {
      name: "AccessDenied",
    });
  });

  describe("a function's role session", () => {
    let consumerQueue: string;
    let otherQueue: string;
    let roleSqs: SQSClient;
    let principal: RoleSessionPrincipal;

    before(async () => {
      consumerQueue = await createQueue("consumer-queue");
      otherQueue = await createQueue("someone-elses-queue");
      const iam = new IAMClient(clientConfig(emulator));
      const { Role } = await iam.send(
        new CreateRoleCommand({
          RoleName: "consumer-role",
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: "consumer-role",
          PolicyName: "consume",
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SendMessage"],
                Resource: arnOf("consumer-queue"),
              },
            ],
          }),
        }),
      );
      iam.destroy();
      principal = roleSession(emulator.hub, Role!.Arn!, "poller")!;
      const credentials = emulator.hub.credentials.issueSession(principal);
      roleSqs = new SQSClient(clientConfig(emulator, { credentials }));
    });
    after(() => roleSqs.destroy());

    it("may use the queue its policy names, records its role id as sender, and is denied elsewhere", async () => {
      await roleSqs.send(new SendMessageCommand({ QueueUrl: consumerQueue, MessageBody: "by role" }));
      const { Messages } = await roleSqs.send(
        new ReceiveMessageCommand({ QueueUrl: consumerQueue, MessageSystemAttributeNames: ["SenderId"] }),
      );
      assert.equal(Messages![0]!.Attributes!.SenderId, `${principal.roleId}:poller`);
      await assert.rejects(roleSqs.send(new SendMessageCommand({ QueueUrl: otherQueue, MessageBody: "x" })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, "AccessDenied");
        assert.equal(error.$metadata.httpStatusCode, 403);
        return true;
      });
      await assert.rejects(roleSqs.send(new CreateQueueCommand({ QueueName: "not-allowed" })), { name: "AccessDenied" });
    });

    it("long-polls through internal calls and is answered as soon as a message arrives", { timeout: 10_000 }, async () => {
      const waiting = new Promise<void>((resolve) => waits.push(resolve));
      const polled = emulator.hub.call<ReceiveMessageCommandOutput>({
        service: "sqs",
        operation: "ReceiveMessage",
        input: { QueueUrl: consumerQueue, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 },
        principal,
        region: TEST_REGION,
      });
      await waiting;
      await sqs.send(new SendMessageCommand({ QueueUrl: consumerQueue, MessageBody: "for the function" }));
      assert.deepEqual((await polled).Messages!.map((m) => m.Body), ["for the function"]);
    });
  });

  it("ends pending internal long polls empty when the emulator stops", { timeout: 10_000 }, async () => {
    const own = await startTestEmulator();
    const client = new SQSClient(clientConfig(own));
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: "stopping" }));
    client.destroy();
    const polled = own.hub.call<ReceiveMessageCommandOutput>({
      service: "sqs",
      operation: "ReceiveMessage",
      input: { QueueUrl, WaitTimeSeconds: 20 },
      principal: adminPrincipal(TEST_ACCOUNT),
      region: TEST_REGION,
    });
    await own.stop();
    assert.equal((await polled).Messages, undefined);
  });
});
