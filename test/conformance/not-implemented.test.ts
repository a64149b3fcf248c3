/**
 * Operations the SDK knows and the emulator does not implement: every
 * protocol answers 501 with its own error envelope, code NotImplemented and a
 * message naming the service and the operation (so the SDK raises a named
 * error, never a parse failure or a generic 404), and the emulator logs each
 * such operation once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient, ListAliasesCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetBucketAclCommand, S3Client } from "@aws-sdk/client-s3";
import { CreatePlatformApplicationCommand, SNSClient } from "@aws-sdk/client-sns";
import { AddPermissionCommand, CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";
import { rawAnswers, rejectsAsRecorded } from "../helpers/recorded.js";

describe("operations the emulator does not implement", () => {
  let emulator: RunningEmulator;
  const log: EmulatorLogEntry[] = [];
  before(async () => {
    emulator = await startTestEmulator({ log: (entry) => log.push(entry) });
  });
  after(async () => {
    await emulator.stop();
  });

  const cases: { protocol: string; call: (e: RunningEmulator) => Promise<unknown>; service: string; operation: string; name: string }[] = [
    {
      protocol: "restXml",
      service: "s3",
      name: "S3",
      operation: "GetBucketAcl",
      call: async (e) => {
        const s3 = new S3Client(clientConfig(e, { forcePathStyle: true }));
        await s3.send(new CreateBucketCommand({ Bucket: "acl-bucket" }));
        return s3.send(new GetBucketAclCommand({ Bucket: "acl-bucket" }));
      },
    },
    {
      protocol: "awsJson1_0 (query-compatible)",
      service: "sqs",
      name: "SQS",
      operation: "AddPermission",
      call: async (e) => {
        const sqs = new SQSClient(clientConfig(e));
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "shared" }));
        return sqs.send(new AddPermissionCommand({ QueueUrl, Label: "l", AWSAccountIds: ["111111111111"], Actions: ["SendMessage"] }));
      },
    },
    {
      protocol: "awsQuery",
      service: "sns",
      name: "SNS",
      operation: "CreatePlatformApplication",
      call: (e) => new SNSClient(clientConfig(e)).send(new CreatePlatformApplicationCommand({ Name: "app", Platform: "GCM", Attributes: {} })),
    },
    {
      protocol: "awsQuery",
      service: "sts",
      name: "STS",
      operation: "GetSessionToken",
      call: (e) => new STSClient(clientConfig(e)).send(new GetSessionTokenCommand({ DurationSeconds: 900 })),
    },
    {
      protocol: "awsQuery",
      service: "iam",
      name: "IAM",
      operation: "CreateUser",
      call: (e) => new IAMClient(clientConfig(e)).send(new CreateUserCommand({ UserName: "someone" })),
    },
    {
      protocol: "restJson1",
      service: "lambda",
      name: "Lambda",
      operation: "ListAliases",
      call: (e) => new LambdaClient(clientConfig(e)).send(new ListAliasesCommand({ FunctionName: "fn" })),
    },
    {
      protocol: "awsJson1_1",
      service: "logs",
      name: "CloudWatch Logs",
      operation: "DescribeMetricFilters",
      call: (e) => new CloudWatchLogsClient(clientConfig(e)).send(new DescribeMetricFiltersCommand({})),
    },
  ];

  for (const c of cases) {
    it(`${c.protocol}: ${c.name} ${c.operation} answers 501 NotImplemented naming both`, async () => {
      const error = await rejectsAsRecorded(c.call(emulator), {
        code: "NotImplemented",
        status: 501,
        message: `The operation ${c.operation} of ${c.name} is not implemented by the eda emulator.`,
      });
      assert.equal((error as unknown as { $fault: string }).$fault, "server");
      await assert.rejects(c.call(emulator), { name: "NotImplemented" });
      const entries = log.filter((entry) => entry.message === "operation not implemented" && entry.operation === c.operation);
      assert.deepEqual(entries.map((entry) => [entry.level, entry.service]), [["warn", c.service]], "logged once");
    });
  }

  it("the SQS answer carries the query-compatible error header for older SDKs", async () => {
    const sqs = new SQSClient(clientConfig(emulator));
    const raw = rawAnswers(sqs);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "shared-header" }));
    await assert.rejects(sqs.send(new AddPermissionCommand({ QueueUrl, Label: "l", AWSAccountIds: ["111111111111"], Actions: ["SendMessage"] })));
    assert.equal(raw.last().headers["x-amzn-query-error"], "NotImplemented;Receiver");
  });
});
