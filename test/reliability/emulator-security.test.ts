/**
 * The emulator's security promises: it listens on loopback unless told
 * otherwise; every service refuses requests without a signature, with an
 * unknown or expired key, with a wrong secret or a request altered after
 * signing; and a function role's temporary credentials get exactly their
 * role's permissions, never the admin's.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateRoleCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient, ListFunctionsCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, DeleteBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, ListQueuesCommand, PurgeQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { setup } from "../../src/core/setup.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { createSandbox, runEda, type Sandbox } from "../e2e/cli-harness.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";
import { signedFetch } from "../helpers/signed-fetch.js";
import { coreContext, emulatorStack, ensureHandlerBundles } from "./pipeline-harness.js";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The addresses sockets listen on for `port`, from /proc/net/tcp{,6} (Linux), as dotted or hex IPv6 text. */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let table: string;
    try {
      table = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of table.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== "0A") continue; // 0A = LISTEN
      const [hexAddress, hexPort] = local.split(":") as [string, string];
      if (parseInt(hexPort, 16) !== port) continue;
      addresses.push(hexAddress.length === 8 ? hexAddress.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join(".") : hexAddress);
    }
  }
  return addresses;
}

/** One mutating call per service, and how to tell afterwards that it did not happen. */
interface Probe {
  service: string;
  attempt(credentials: Credentials, tamper: boolean): Promise<unknown>;
  happened(): Promise<boolean>;
}

/** Changes x-amz-date after signing: the signature no longer matches what arrives. */
function tamperAfterSigning(client: { middlewareStack: { addRelativeTo: Function } }): void {
  client.middlewareStack.addRelativeTo(
    (next: (args: { request: { headers: Record<string, string> } }) => unknown) => (args: { request: { headers: Record<string, string> } }) => {
      const date = args.request.headers["x-amz-date"]!;
      args.request.headers["x-amz-date"] = date.replace(/(\d)Z$/, (_, digit: string) => `${(Number(digit) + 1) % 10}Z`);
      return next(args);
    },
    { relation: "after", toMiddleware: "httpSigningMiddleware", name: "tamperAfterSigning" },
  );
}

describe("emulator security", () => {
  let emulator: RunningEmulator;
  const admin = () => clientConfig(emulator);

  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator?.stop();
  });

  describe("listens on loopback by default", () => {
    let sandbox: Sandbox;
    before(() => {
      sandbox = createSandbox();
    });
    after(async () => {
      await sandbox?.dispose();
    });

    it("startEmulator() without a host binds 127.0.0.1", async (t) => {
      const running = await startEmulator({ port: 0 });
      try {
        const port = Number(new URL(running.endpoint).port);
        assert.equal(new URL(running.endpoint).hostname, "127.0.0.1");
        const addresses = listeningAddresses(port);
        if (addresses.length === 0) return t.skip("no /proc/net/tcp on this system");
        assert.deepEqual(addresses, ["127.0.0.1"]);
      } finally {
        await running.stop();
      }
    });

    it("eda local start without --host listens on 127.0.0.1 only", async (t) => {
      const started = await runEda(["local", "start", "--json"], sandbox.env);
      assert.equal(started.code, 0, started.stderr);
      const record = JSON.parse(readFileSync(`${sandbox.edaHome}/emulator.json`, "utf8")) as { host: string; endpoint: string; port: number };
      assert.equal(record.host, "127.0.0.1");
      assert.match(record.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      const addresses = listeningAddresses(record.port);
      if (addresses.length === 0) return t.skip("no /proc/net/tcp on this system");
      assert.deepEqual(addresses, ["127.0.0.1"], "nothing listens on 0.0.0.0 or another interface");
    });
  });

  describe("refuses requests that are not signed by a known key", () => {
    const probes = (): Probe[] => {
      const name = `sneaky-${Math.floor(Math.random() * 1e9)}`;
      const withCredentials = <C extends { middlewareStack: { addRelativeTo: Function } }>(client: C, tamper: boolean): C => {
        if (tamper) tamperAfterSigning(client);
        return client;
      };
      const config = (credentials: Credentials) => ({ ...admin(), credentials });
      return [
        {
          service: "s3",
          attempt: (c, tamper) => withCredentials(new S3Client({ ...config(c), forcePathStyle: true }), tamper).send(new CreateBucketCommand({ Bucket: name })),
          happened: async () => ((await new S3Client({ ...admin(), forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets ?? []).some((b) => b.Name === name),
        },
        {
          service: "sns",
          attempt: (c, tamper) => withCredentials(new SNSClient(config(c)), tamper).send(new CreateTopicCommand({ Name: name })),
          happened: async () => ((await new SNSClient(admin()).send(new ListTopicsCommand({}))).Topics ?? []).some((topic) => topic.TopicArn?.endsWith(`:${name}`)),
        },
        {
          service: "sqs",
          attempt: (c, tamper) => withCredentials(new SQSClient(config(c)), tamper).send(new CreateQueueCommand({ QueueName: name })),
          happened: async () => ((await new SQSClient(admin()).send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls ?? []).length > 0,
        },
        {
          service: "sts",
          attempt: (c, tamper) => withCredentials(new STSClient(config(c)), tamper).send(new GetCallerIdentityCommand({})),
          happened: async () => false,
        },
        {
          service: "iam",
          attempt: (c, tamper) =>
            withCredentials(new IAMClient(config(c)), tamper).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) })),
          happened: async () => ((await new IAMClient(admin()).send(new ListRolesCommand({}))).Roles ?? []).some((role) => role.RoleName === name),
        },
        {
          service: "lambda",
          attempt: (c, tamper) =>
            withCredentials(new LambdaClient(config(c)), tamper).send(
              new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Handler: "index.handler", Role: "arn:aws:iam::000000000000:role/x", Code: { ZipFile: Buffer.from("PK") } }),
            ),
          happened: async () => ((await new LambdaClient(admin()).send(new ListFunctionsCommand({}))).Functions ?? []).some((fn) => fn.FunctionName === name),
        },
        {
          service: "logs",
          attempt: (c, tamper) => withCredentials(new CloudWatchLogsClient(config(c)), tamper).send(new CreateLogGroupCommand({ logGroupName: name })),
          happened: async () => ((await new CloudWatchLogsClient(admin()).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups ?? []).length > 0,
        },
      ];
    };

    const variants: [string, () => Credentials, boolean][] = [
      ["an unknown access key", () => ({ accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "test" }), false],
      ["the admin key with a wrong secret", () => ({ accessKeyId: "test", secretAccessKey: "wrong" }), false],
      ["a request altered after signing", () => ({ accessKeyId: "test", secretAccessKey: "test" }), true],
      [
        "a session key with another session's token",
        () => {
          const session = roleSession(emulator.runtime, emulatorStack("eda-secure").consumers.inventory.roleArn, "s1")!;
          const issued = emulator.runtime.credentials.issueSession(session);
          return { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: Buffer.from("forged").toString("base64") };
        },
        false,
      ],
      [
        "an expired session",
        () => {
          const session = roleSession(emulator.runtime, emulatorStack("eda-secure").consumers.inventory.roleArn, "s2")!;
          const issued = emulator.runtime.credentials.issueSession(session, -1);
          return { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken };
        },
        false,
      ],
    ];

    before(async () => {
      // The session variants need a role: the stack's own.
      const { ctx, dispose } = coreContext(emulator.endpoint, "eda-secure");
      try {
        assert.ok((await setup(ctx)).ok);
      } finally {
        dispose();
      }
    });

    for (const [what, credentials, tamper] of variants) {
      it(`${what}: refused by every service, and nothing happens`, async (t) => {
        const outcomes: string[] = [];
        for (const probe of probes()) {
          const error = await probe.attempt(credentials(), tamper).then(
            () => undefined,
            (caught: unknown) => caught as Error & { $metadata?: { httpStatusCode?: number } },
          );
          // Each service's own codes and status: 403 mostly, 400 for CloudWatch Logs' JSON 1.1 (as on AWS).
          const { unknownKey, badSignature } = emulator.runtime.service(probe.service).authErrors;
          const refusals = new Set([`${unknownKey.code} ${unknownKey.status}`, `${badSignature.code} ${badSignature.status}`]);
          if (!error) outcomes.push(`${probe.service}: accepted`);
          else if (!refusals.has(`${error.name} ${error.$metadata?.httpStatusCode}`)) outcomes.push(`${probe.service}: ${error.name} HTTP ${error.$metadata?.httpStatusCode}`);
          if (await probe.happened()) outcomes.push(`${probe.service}: the change happened`);
        }
        assert.deepEqual(outcomes, []);
        t.diagnostic(`${what}: refused by all ${probes().length} services`);
      });
    }

    it("no signature at all: 403 from every service and every protocol, and nothing happens", async () => {
      const name = `unsigned-${Date.now()}`;
      const requests: [string, string, RequestInit][] = [
        ["s3", `/${name}`, { method: "PUT" }],
        ["sns", "/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Action=CreateTopic&Name=${name}&Version=2010-03-31` }],
        ["sqs (query)", "/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Action=CreateQueue&QueueName=${name}&Version=2012-11-05` }],
        ["sqs (json)", "/", { method: "POST", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.CreateQueue" }, body: JSON.stringify({ QueueName: name }) }],
        ["iam", "/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Action=CreateRole&RoleName=${name}&AssumeRolePolicyDocument=%7B%7D&Version=2010-05-08` }],
        ["sts", "/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" }],
        ["lambda", "/2015-03-31/functions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ FunctionName: name }) }],
        ["logs", "/", { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Logs_20140328.CreateLogGroup" }, body: JSON.stringify({ logGroupName: name }) }],
      ];
      const statuses = await Promise.all(requests.map(async ([what, path, init]) => `${what} ${(await fetch(`${emulator.endpoint}${path}`, init)).status}`));
      assert.deepEqual(statuses, requests.map(([what]) => `${what} 403`));
      for (const probe of probes()) assert.equal(await probe.happened(), false, `${probe.service} did nothing`);
      const buckets = (await new S3Client({ ...admin(), forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets ?? [];
      assert.ok(!buckets.some((bucket) => bucket.Name === name));
      assert.equal(((await new SQSClient(admin()).send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls ?? []).length, 0);
    });

    it("the query protocol refuses an unknown key and a wrong secret too (SQS's older clients)", async () => {
      for (const credentials of [{ accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "test" }, { accessKeyId: "test", secretAccessKey: "wrong" }]) {
        const response = await signedFetch(emulator.endpoint, {
          service: "sqs",
          credentials,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "Action=CreateQueue&QueueName=query-sneaky&Version=2012-11-05",
        });
        assert.equal(response.status, 403);
        assert.match(await response.text(), /<Code>(InvalidClientTokenId|SignatureDoesNotMatch)<\/Code>/);
      }
      assert.equal(((await new SQSClient(admin()).send(new ListQueuesCommand({ QueueNamePrefix: "query-sneaky" }))).QueueUrls ?? []).length, 0);
    });

    it("a presigned S3 URL with a wrong signature is refused", async () => {
      const url = `${emulator.endpoint}/any-bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=${"0".repeat(64)}`;
      const response = await fetch(url);
      assert.equal(response.status, 403);
    });
  });

  describe("a function role's temporary credentials are not the admin's", () => {
    const stack = "eda-session";
    let session: Credentials;
    before(async () => {
      const { ctx, dispose } = coreContext(emulator.endpoint, stack);
      try {
        assert.ok((await setup(ctx)).ok);
      } finally {
        dispose();
      }
      const principal = roleSession(emulator.runtime, emulatorStack(stack).consumers.inventory.roleArn, `${stack}-inventory`);
      assert.ok(principal);
      const issued = emulator.runtime.credentials.issueSession(principal);
      session = { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken };
    });

    it("can do what its role allows (the keys are valid)", async () => {
      const config = emulatorStack(stack);
      const s3 = new S3Client({ ...admin(), credentials: session, forcePathStyle: true });
      await s3.send(new PutObjectCommand({ Bucket: config.bucket.name, Key: `${config.consumers.inventory.resultsPrefix}probe.json`, Body: "{}" }));
      const admins3 = new S3Client({ ...admin(), forcePathStyle: true });
      await admins3.send(new PutObjectCommand({ Bucket: config.bucket.name, Key: "uploads/readable.txt", Body: "x" }));
      const read = await s3.send(new GetObjectCommand({ Bucket: config.bucket.name, Key: "uploads/readable.txt" }));
      assert.equal(await read.Body?.transformToString(), "x");
    });

    it("cannot create roles, widen its policy, delete queues or buckets, change functions, publish, or touch the other consumer", async (t) => {
      const config = emulatorStack(stack);
      const names = config.consumers.inventory;
      const other = config.consumers.audit;
      const as = { ...admin(), credentials: session };
      const sqsAdmin = new SQSClient(admin());
      const queueUrl = async (name: string) => (await sqsAdmin.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
      // Each service's own denial: AccessDenied (S3, IAM, SQS), AccessDeniedException (Lambda; Logs with 400), AuthorizationErrorException (SNS).
      const attempts: [string, () => Promise<unknown>][] = [
        ["iam:CreateRole", () => new IAMClient(as).send(new CreateRoleCommand({ RoleName: "escalated", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }))],
        [
          "iam:PutRolePolicy on its own role",
          () => new IAMClient(as).send(new PutRolePolicyCommand({ RoleName: names.role, PolicyName: "all", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) })),
        ],
        ["sqs:DeleteQueue on its own queue", async () => new SQSClient(as).send(new DeleteQueueCommand({ QueueUrl: await queueUrl(names.queue) }))],
        ["sqs:PurgeQueue on its own queue", async () => new SQSClient(as).send(new PurgeQueueCommand({ QueueUrl: await queueUrl(names.queue) }))],
        ["sqs:SendMessage to the other consumer's queue", async () => new SQSClient(as).send(new SendMessageCommand({ QueueUrl: await queueUrl(other.queue), MessageBody: "x" }))],
        ["sqs:CreateQueue", () => new SQSClient(as).send(new CreateQueueCommand({ QueueName: "session-queue" }))],
        ["s3:DeleteBucket", () => new S3Client({ ...as, forcePathStyle: true }).send(new DeleteBucketCommand({ Bucket: config.bucket.name }))],
        ["s3:PutObject under uploads/", () => new S3Client({ ...as, forcePathStyle: true }).send(new PutObjectCommand({ Bucket: config.bucket.name, Key: "uploads/forged.txt", Body: "x" }))],
        ["s3:PutObject in the other consumer's results", () => new S3Client({ ...as, forcePathStyle: true }).send(new PutObjectCommand({ Bucket: config.bucket.name, Key: `${other.resultsPrefix}forged.json`, Body: "{}" }))],
        ["s3:CreateBucket", () => new S3Client({ ...as, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: "session-bucket" }))],
        ["lambda:UpdateFunctionConfiguration on its own function", () => new LambdaClient(as).send(new UpdateFunctionConfigurationCommand({ FunctionName: names.function, Timeout: 900 }))],
        ["sns:Publish to the topic", () => new SNSClient(as).send(new PublishCommand({ TopicArn: config.topic.arn, Message: "forged" }))],
        ["logs:DeleteLogGroup of its own group", () => new CloudWatchLogsClient(as).send(new DeleteLogGroupCommand({ logGroupName: names.logGroup }))],
        ["logs:CreateLogGroup", () => new CloudWatchLogsClient(as).send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/escalated" }))],
      ];
      const accepted: string[] = [];
      for (const [what, attempt] of attempts) {
        const error = await attempt().then(
          () => undefined,
          (caught: unknown) => caught as Error & { $metadata?: { httpStatusCode?: number } },
        );
        const denial = emulator.runtime.service(what.split(":")[0]!).accessDenied("");
        const expected = `${denial.code} ${denial.status}`;
        if (!error || `${error.name} ${error.$metadata?.httpStatusCode}` !== expected) accepted.push(`${what}: ${error ? `${error.name} (${error.$metadata?.httpStatusCode})` : "accepted"}`);
      }
      assert.deepEqual(accepted, []);
      // Nothing changed: the admin still sees everything as setup left it.
      assert.ok(((await sqsAdmin.send(new ListQueuesCommand({ QueueNamePrefix: stack }))).QueueUrls ?? []).length === 4);
      assert.ok(!((await new IAMClient(admin()).send(new ListRolesCommand({}))).Roles ?? []).some((role) => role.RoleName === "escalated"));
      t.diagnostic(`${attempts.length} admin-only actions refused to the inventory role's session`);
    });
  });
});

