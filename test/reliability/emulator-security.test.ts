/**
 * The emulator's security promises: it listens on loopback unless told
 * otherwise; every service refuses requests without a signature, with an
 * unknown or expired key, with a wrong secret or a request altered after
 * signing; and a function role's temporary credentials get exactly their
 * role's permissions, never the admin's.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync, readFileSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { crc32 as zlibCrc32, createDeflateRaw } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateRoleCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient, ListFunctionsCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, DeleteBucketCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, ListQueuesCommand, PurgeQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { setup } from "../../src/core/provision/setup.js";
import { ManualClock } from "../../src/emulator/clock.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { coreContext, emulatorStack } from "../../bench/lib/workloads/pipeline.js";
import { assertOneErrorLine, createSandbox, ensureHandlerBundles, runEda, type Sandbox } from "../helpers/cli.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";
import { presignedUrl, signedFetch, signedHeaders } from "../helpers/signed-fetch.js";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The addresses sockets listen on for `port`, from /proc/net/tcp{,6} (Linux), as dotted or hex IPv6 text. */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let table: string;
    try {
      table = readFileSync(file, "utf8");
    } catch (error) {
      // No IPv6 table on a kernel without IPv6; without the IPv4 one the check cannot be made, which is a failure, not a pass.
      if (file === "/proc/net/tcp6") continue;
      throw new Error(`cannot read ${file} to see where the emulator listens: ${(error as Error).message}`);
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

    it("startEmulator() without a host binds 127.0.0.1", async () => {
      const running = await startEmulator({ port: 0 });
      try {
        const port = Number(new URL(running.endpoint).port);
        assert.equal(new URL(running.endpoint).hostname, "127.0.0.1");
        // An empty list would say nothing about where it listens: it fails rather than passing vacuously.
        assert.deepEqual(listeningAddresses(port), ["127.0.0.1"]);
      } finally {
        await running.stop();
      }
    });

    it("eda local start without --host listens on 127.0.0.1 only", async () => {
      const started = await runEda(["local", "start", "--json"], sandbox.env);
      assert.equal(started.code, 0, started.stderr);
      const record = JSON.parse(readFileSync(`${sandbox.edaHome}/emulator.json`, "utf8")) as { host: string; endpoint: string; port: number };
      assert.equal(record.host, "127.0.0.1");
      assert.match(record.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(listeningAddresses(record.port), ["127.0.0.1"], "it listens on 127.0.0.1, and nothing on 0.0.0.0 or another interface");
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

    const variants: [string, () => Credentials, boolean, ((service: string) => string)?][] = [
      ["an unknown access key", () => ({ accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "test" }), false],
      ["the admin key with a wrong secret", () => ({ accessKeyId: "test", secretAccessKey: "wrong" }), false],
      ["a request altered after signing", () => ({ accessKeyId: "test", secretAccessKey: "test" }), true],
      [
        "a session key with another session's token",
        () => {
          const session = roleSession(emulator.hub, emulatorStack("eda-secure").consumers.inventory.roleArn, "s1")!;
          const issued = emulator.hub.credentials.issueSession(session);
          return { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: Buffer.from("forged").toString("base64") };
        },
        false,
      ],
      [
        "an expired session",
        () => {
          const session = roleSession(emulator.hub, emulatorStack("eda-secure").consumers.inventory.roleArn, "s2")!;
          const issued = emulator.hub.credentials.issueSession(session, -1);
          return { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken };
        },
        false,
        // AWS's own answer for an expired session: ExpiredToken (S3 400, query 403), ExpiredTokenException (JSON services).
        (service) => ({ s3: "ExpiredToken 400", sns: "ExpiredToken 403", sqs: "ExpiredToken 403", sts: "ExpiredToken 403", iam: "ExpiredToken 403", lambda: "ExpiredTokenException 403", logs: "ExpiredTokenException 400" })[service]!,
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

    for (const [what, credentials, tamper, expected] of variants) {
      it(`${what}: refused by every service, and nothing happens`, async (t) => {
        const outcomes: string[] = [];
        for (const probe of probes()) {
          const error = await probe.attempt(credentials(), tamper).then(
            () => undefined,
            (caught: unknown) => caught as Error & { $metadata?: { httpStatusCode?: number } },
          );
          // Each service's own codes and status: 403 mostly, 400 for CloudWatch Logs' JSON 1.1 (as on AWS).
          const { unknownKey, badSignature } = emulator.hub.service(probe.service).authErrors;
          const refusals = new Set(expected ? [expected(probe.service)] : [`${unknownKey.code} ${unknownKey.status}`, `${badSignature.code} ${badSignature.status}`]);
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
      // Dated now, so that only the signature is wrong.
      const now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
      const url = `${emulator.endpoint}/any-bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F${now.slice(0, 8)}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${now}&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=${"0".repeat(64)}`;
      const response = await fetch(url);
      assert.equal(response.status, 403);
      assert.match(await response.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
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
      const principal = roleSession(emulator.hub, emulatorStack(stack).consumers.inventory.roleArn, `${stack}-inventory`);
      assert.ok(principal);
      const issued = emulator.hub.credentials.issueSession(principal);
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
        const denial = emulator.hub.service(what.split(":")[0]!).accessDenied("");
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


/** Milliseconds one GetCallerIdentity takes, from the admin's own client. */
async function stsLatency(sts: STSClient): Promise<number> {
  const started = performance.now();
  await sts.send(new GetCallerIdentityCommand({}));
  return performance.now() - started;
}

/** Times GetCallerIdentity calls one after another while `attack` runs; returns the slowest and the attack's outcome. */
async function whileAttacked<T>(sts: STSClient, attack: () => Promise<T>): Promise<{ slowestMs: number; outcome: T; calls: number }> {
  let done = false;
  // The client is warm before the attack starts: its first call also sets it up.
  await stsLatency(sts);
  const settled = attack().finally(() => (done = true));
  const latencies: number[] = [];
  do latencies.push(await stsLatency(sts));
  while (!done);
  return { slowestMs: Math.max(...latencies), outcome: await settled, calls: latencies.length };
}

/** One raw HTTP exchange; resolves with the status (0 when the connection ended without one) and how many body bytes were written. */
function rawUpload(
  endpoint: string,
  options: { method: string; path: string; headers: Record<string, string>; body: AsyncIterable<Buffer> },
): Promise<{ status: number; text: string; sent: number }> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    let sent = 0;
    let finished = false;
    const finish = (status: number, text: string) => {
      if (finished) return;
      finished = true;
      resolve({ status, text, sent });
    };
    const req = httpRequest({ host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers, agent: false });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => finish(res.statusCode ?? 0, text));
      res.on("error", () => finish(res.statusCode ?? 0, text));
    });
    req.on("error", () => finish(0, ""));
    req.on("close", () => setImmediate(() => finish(0, "")));
    void (async () => {
      for await (const chunk of options.body) {
        if (finished || req.destroyed) return;
        sent += chunk.length;
        if (!req.write(chunk)) await new Promise<void>((resolveDrain) => {
          req.once("drain", resolveDrain);
          req.once("close", resolveDrain);
        });
      }
      req.end();
    })();
  });
}

/** `total` bytes in 1 MiB chunks, made as they are read (nothing held by the test). */
async function* generatedBytes(total: number): AsyncGenerator<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, total - sent));
}

/** A zip of `count` entries that each inflate to `size` zero bytes, declaring `declared` bytes each (the truth unless lying). */
async function zipBomb(count: number, size: number, declared: number): Promise<Buffer> {
  const deflater = createDeflateRaw({ level: 9 });
  const compressed: Buffer[] = [];
  deflater.on("data", (chunk: Buffer) => compressed.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let written = 0; written < size; written += zeros.length) {
    crc = zlibCrc32(zeros, crc);
    if (!deflater.write(zeros)) await once(deflater, "drain");
  }
  deflater.end();
  await once(deflater, "end");
  const data = Buffer.concat(compressed);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const name = Buffer.from(`bomb-${i}.bin`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe("emulator front door: the attacks of the adversarial review", () => {
  let emulator: RunningEmulator;
  /** What request dates and presigned URLs are checked against: moved by the tests, never slept on. */
  let signatureClock: ManualClock;
  const admin = (overrides: Record<string, unknown> = {}) => clientConfig(emulator, overrides);
  const sts = () => new STSClient(admin());

  before(async () => {
    ensureHandlerBundles();
    signatureClock = new ManualClock(Date.now());
    emulator = await startTestEmulator({ signatureClock });
  });
  after(async () => {
    await emulator?.stop();
  });

  describe("signatures expire as on AWS", () => {
    it("a request signed a year ago is refused with each service's own error", async () => {
      const aYearAgo = { systemClockOffset: -365 * 24 * 3600 * 1000 };
      const outcomes = await Promise.all([
        new S3Client({ ...admin(aYearAgo), forcePathStyle: true }).send(new ListBucketsCommand({})).then(() => "accepted", (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`),
        new STSClient(admin(aYearAgo)).send(new GetCallerIdentityCommand({})).then(() => "accepted", (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode} ${e.message.slice(0, 17)}`),
        new LambdaClient(admin(aYearAgo)).send(new ListFunctionsCommand({})).then(() => "accepted", (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode} ${e.message.slice(0, 17)}`),
      ]);
      assert.deepEqual(outcomes, ["RequestTimeTooSkewed 403", "SignatureDoesNotMatch 403 Signature expired", "InvalidSignatureException 403 Signature expired"]);
      // Fourteen minutes off is within AWS's tolerance.
      assert.ok((await new STSClient(admin({ systemClockOffset: -14 * 60 * 1000 })).send(new GetCallerIdentityCommand({}))).Account);
    });

    it("a presigned GET with ExpiresIn=2 works until its 2 seconds are over on the emulator's clock", async () => {
      const bucket = `presigned-${Date.now()}`;
      const s3 = new S3Client({ ...admin(), forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "secret" }));
      const url = await presignedUrl(emulator.endpoint, { service: "s3", path: `/${bucket}/k`, expiresIn: 2, signingDate: new Date(signatureClock.now()) });
      const fresh = await fetch(url);
      assert.equal(fresh.status, 200);
      assert.equal(await fresh.text(), "secret");
      signatureClock.advance(3000);
      const stale = await fetch(url);
      assert.equal(stale.status, 403);
      assert.match(await stale.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    });

    it("X-Amz-Expires above a week and URLs dated two days ahead are refused", async () => {
      const url = await presignedUrl(emulator.endpoint, { service: "s3", path: "/any-bucket/k", expiresIn: 604800, signingDate: new Date(signatureClock.now()) });
      const tooLong = await fetch(url.replace("X-Amz-Expires=604800", "X-Amz-Expires=604801"));
      assert.equal(tooLong.status, 400);
      assert.match(await tooLong.text(), /<Code>AuthorizationQueryParametersError<\/Code>/);
      const ahead = await presignedUrl(emulator.endpoint, { service: "s3", path: "/any-bucket/k", expiresIn: 3600, signingDate: new Date(signatureClock.now() + 2 * 24 * 3600 * 1000) });
      const early = await fetch(ahead);
      assert.equal(early.status, 403);
      assert.match(await early.text(), /<Message>Request is not valid yet<\/Message>/);
    });

    it("a security token sent with the long-term test key is refused", async () => {
      const forged = { accessKeyId: "test", secretAccessKey: "test", sessionToken: "garbage" };
      await assert.rejects(new STSClient({ ...admin(), credentials: forged }).send(new GetCallerIdentityCommand({})), { name: "InvalidClientTokenId" });
      await assert.rejects(new S3Client({ ...admin(), credentials: forged, forcePathStyle: true }).send(new ListBucketsCommand({})), { name: "InvalidToken" });
      await assert.rejects(new LambdaClient({ ...admin(), credentials: forged }).send(new ListFunctionsCommand({})), { name: "UnrecognizedClientException" });
    });
  });

  describe("nothing is read before authentication, and memory stays bounded", () => {
    it("three concurrent 800 MB uploads from an unknown key are refused from the head; GetCallerIdentity answers within 1 s meanwhile", async (t) => {
      const before = process.memoryUsage().rss;
      const bucket = `unknown-key-${Date.now()}`;
      const upload = async () =>
        rawUpload(emulator.endpoint, {
          method: "PUT",
          path: `/${bucket}/big`,
          headers: await signedHeaders(emulator.endpoint, {
            service: "s3",
            method: "PUT",
            path: `/${bucket}/big`,
            credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x" },
            headers: { "content-length": String(800 * 1024 * 1024), "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
          }),
          body: generatedBytes(800 * 1024 * 1024),
        });
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const { slowestMs, outcome, calls } = await whileAttacked(sts(), () => Promise.all([upload(), upload(), upload()]));
      clearInterval(sampler);
      for (const answer of outcome) {
        // 403 InvalidAccessKeyId from the head; the client may see the connection end instead while it is still sending.
        assert.ok(answer.status === 403 || answer.status === 0, `status ${answer.status}`);
        if (answer.status === 403) assert.match(answer.text, /<Code>InvalidAccessKeyId<\/Code>/);
        assert.ok(answer.sent < 800 * 1024 * 1024, "the connection ended before the whole body was sent");
      }
      const growthMb = (peak - before) / 1024 / 1024;
      t.diagnostic(`rss growth ${growthMb.toFixed(0)} MB, slowest GetCallerIdentity ${slowestMs.toFixed(0)} ms over ${calls} calls, sent ${outcome.map((o) => (o.sent / 1024 / 1024).toFixed(0)).join("/")} MB`);
      assert.ok(growthMb < 200, `rss grew by ${growthMb.toFixed(0)} MB`);
      assert.ok(slowestMs < 1000, `GetCallerIdentity took ${slowestMs.toFixed(0)} ms`);
    });

    it("a chunked body that never ends from an unknown key gets its 403 from the head, and the connection is closed", async () => {
      const url = new URL(emulator.endpoint);
      const headers = await signedHeaders(emulator.endpoint, {
        service: "sqs",
        credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x" },
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Action=ListQueues",
      });
      const result = await new Promise<{ head: string; written: number }>((resolve) => {
        let received = "";
        let written = 0;
        const socket = connect(Number(url.port), url.hostname, () => {
          const head = Object.entries(headers)
            .filter(([name]) => name.toLowerCase() !== "content-length")
            .map(([name, value]) => `${name}: ${value}`)
            .join("\r\n");
          socket.write(`POST / HTTP/1.1\r\n${head}\r\nTransfer-Encoding: chunked\r\n\r\n`);
          const chunk = `${(64 * 1024).toString(16)}\r\n${"a".repeat(64 * 1024)}\r\n`;
          const pump = () => {
            while (!socket.destroyed && written < 4 * 1024 * 1024 * 1024) {
              written += chunk.length;
              if (!socket.write(chunk)) return void socket.once("drain", pump);
            }
          };
          pump();
        });
        socket.on("data", (data) => (received += data.toString("latin1")));
        socket.on("close", () => resolve({ head: received.split("\r\n")[0] ?? "", written }));
        socket.on("error", () => {});
      });
      assert.match(result.head, /^HTTP\/1\.1 403 /);
      assert.ok(result.written < 4 * 1024 * 1024 * 1024, "the emulator ended the connection");
    });
  });

  describe("Lambda code", () => {
    const role = "arn:aws:iam::000000000000:role/eda-zip-bomb";
    before(async () => {
      await new IAMClient(admin()).send(
        new CreateRoleCommand({
          RoleName: "eda-zip-bomb",
          AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        }),
      );
    });

    for (const [what, declared, message] of [
      ["honest", 512 * 1024 * 1024, /Unzipped size must be smaller than 262144000 bytes/],
      ["lying", 1000, /Could not unzip uploaded file/],
    ] as const) {
      it(`a zip of 3 entries inflating to 512 MB each with ${what} size headers is refused; GetCallerIdentity answers within 1 s meanwhile`, async (t) => {
        const zip = await zipBomb(3, 512 * 1024 * 1024, declared);
        const lambda = new LambdaClient(admin());
        const create = () => lambda
          .send(new CreateFunctionCommand({ FunctionName: `bomb-${what}`, Runtime: "nodejs22.x", Handler: "index.handler", Role: role, Code: { ZipFile: zip } }))
          .then(() => "created", (e: Error) => `${e.name}: ${e.message}`);
        const before = process.memoryUsage().rss;
        const { slowestMs, outcome } = await whileAttacked(sts(), create);
        const growthMb = (process.memoryUsage().rss - before) / 1024 / 1024;
        t.diagnostic(`${(zip.length / 1024 / 1024).toFixed(1)} MB zip: ${outcome}; slowest GetCallerIdentity ${slowestMs.toFixed(0)} ms; rss growth ${growthMb.toFixed(0)} MB`);
        assert.match(outcome, /^InvalidParameterValueException: /);
        assert.match(outcome, message);
        assert.ok(slowestMs < 1000, `GetCallerIdentity took ${slowestMs.toFixed(0)} ms`);
        assert.ok(growthMb < 300, `rss grew by ${growthMb.toFixed(0)} MB`);
      });
    }
  });

  describe("web pages and the network", () => {
    const faultsUrl = () => `${emulator.endpoint}/_eda/faults`;
    const currentPlan = async () => ((await (await fetch(faultsUrl(), { headers: { "x-eda-admin-token": emulator.hub.settings.adminToken } })).json()) as { plan: unknown }).plan;

    it("the admin API refuses a simple cross-origin request, and any request without the admin token or signature", async () => {
      const port = new URL(emulator.endpoint).port;
      const crossOrigin = await rawExchange(emulator.endpoint, `PUT /_eda/faults HTTP/1.1\r\nHost: evil.example:${port}\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 17\r\nConnection: close\r\n\r\nthrottle:1:sts\r\n\r\n`);
      assert.match(crossOrigin, /^HTTP\/1\.1 403 /);
      assert.equal((await fetch(faultsUrl(), { method: "PUT", body: "throttle:1:sts" })).status, 403, "no token, no signature");
      assert.equal((await fetch(faultsUrl(), { method: "PUT", body: "throttle:1:sts", headers: { "x-eda-admin-token": "guess" } })).status, 403, "a wrong token");
      const unknownKey = await signedFetch(emulator.endpoint, { service: "eda", method: "PUT", path: "/_eda/faults", body: "throttle:1:sts", credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "test" } });
      assert.equal(unknownKey.status, 403, "another key's signature");
      assert.equal(await currentPlan(), null, "no fault plan was set");
      // The emulator's own key, signed: accepted (the CLI and tests use the token).
      const signed = await signedFetch(emulator.endpoint, { service: "eda", method: "PUT", path: "/_eda/faults", body: "latency=1:0:sts" });
      assert.equal(signed.status, 200);
      assert.notEqual(await currentPlan(), null);
      assert.equal((await fetch(faultsUrl(), { method: "DELETE", headers: { "x-eda-admin-token": emulator.hub.settings.adminToken } })).status, 200);
    });

    it("a query-string-signed GET with the well-known test/test keys from a web page creates nothing", async () => {
      const create = (name: string) =>
        presignedUrl(emulator.endpoint, {
          service: "sqs",
          method: "GET",
          query: { Action: "CreateQueue", QueueName: name, Version: "2012-11-05" },
          expiresIn: 300,
          signingDate: new Date(signatureClock.now()),
        });
      const name = `from-a-page-${Date.now()}`;
      const fromPages: Record<string, string>[] = [{ origin: "http://evil.example" }, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", referer: "http://evil.example/page" }];
      for (const headers of fromPages) {
        const response = await fetch(await create(name), { headers });
        assert.equal(response.status, 403, JSON.stringify(headers));
      }
      assert.equal(((await new SQSClient(admin()).send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls ?? []).length, 0);
      // The same URL pasted into the address bar (or used by a script) works: the refusal is about pages.
      assert.equal((await fetch(await create(name), { headers: { "sec-fetch-site": "none" } })).status, 200);
    });

    it("a request whose Host is not the emulator's own address is refused (DNS rebinding)", async () => {
      const port = new URL(emulator.endpoint).port;
      const signed = await signedHeaders(`http://evil.example:${port}`, {
        service: "sqs",
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "55" },
        body: "Action=CreateQueue&QueueName=rebound&Version=2012-11-05",
      });
      const head = Object.entries(signed).map(([name, value]) => `${name}: ${value}`).join("\r\n");
      const answer = await rawExchange(emulator.endpoint, `POST / HTTP/1.1\r\n${head}\r\nConnection: close\r\n\r\nAction=CreateQueue&QueueName=rebound&Version=2012-11-05`);
      assert.match(answer, /^HTTP\/1\.1 403 /);
      assert.match(answer, /evil\.example.* is not an address of this emulator/);
      assert.equal(((await new SQSClient(admin()).send(new ListQueuesCommand({ QueueNamePrefix: "rebound" }))).QueueUrls ?? []).length, 0);
      // Loopback names are the emulator's own.
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `bucket.localhost:${port}`]) {
        assert.match(await rawExchange(emulator.endpoint, `GET /_eda/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`), /^HTTP\/1\.1 200 /, host);
      }
    });

    it("a page from an origin named by --cors-origin is let in, with CORS headers and preflights", async () => {
      const open = await startTestEmulator({ corsOrigins: ["http://localhost:3000"] });
      try {
        const preflight = await fetch(`${open.endpoint}/`, {
          method: "OPTIONS",
          headers: { origin: "http://localhost:3000", "access-control-request-method": "POST", "access-control-request-headers": "authorization,x-amz-date" },
        });
        assert.equal(preflight.status, 200);
        assert.equal(preflight.headers.get("access-control-allow-origin"), "http://localhost:3000");
        const fromPage = await signedFetch(open.endpoint, {
          service: "sts",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000" },
          body: "Action=GetCallerIdentity&Version=2011-06-15",
        });
        assert.equal(fromPage.status, 200);
        assert.equal(fromPage.headers.get("access-control-allow-origin"), "http://localhost:3000");
        const other = await signedFetch(open.endpoint, { service: "sts", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:4000" }, body: "Action=GetCallerIdentity&Version=2011-06-15" });
        assert.equal(other.status, 403);
      } finally {
        await open.stop();
      }
    });

    describe("eda local start --host", () => {
      let sandbox: Sandbox;
      before(() => {
        sandbox = createSandbox();
      });
      after(async () => {
        await sandbox?.dispose();
      });

      it("a non-loopback --host is refused without --allow-remote, with one line and exit 2, and nothing starts", async () => {
        const refused = await runEda(["local", "start", "--host", "0.0.0.0", "--port", "0"], sandbox.env);
        assert.equal(refused.code, 2);
        assertOneErrorLine(refused, /--host 0\.0\.0\.0 is not a loopback address.*--allow-remote/);
        assert.equal(existsSync(`${sandbox.edaHome}/emulator.json`), false);
      });

      it("with --allow-remote it starts and says what it exposes", async () => {
        const started = await runEda(["local", "start", "--host", "0.0.0.0", "--port", "0", "--allow-remote"], sandbox.env);
        assert.equal(started.code, 0, started.stderr);
        assert.match(started.stdout + started.stderr, /anyone who can reach this machine can use every service .* running code as /);
        const record = JSON.parse(readFileSync(`${sandbox.edaHome}/emulator.json`, "utf8")) as { port: number };
        assert.deepEqual(listeningAddresses(record.port), ["0.0.0.0"]);
        // The admin token is the user's alone.
        assert.equal(statSync(`${sandbox.edaHome}/admin-token`).mode & 0o777, 0o600);
      });
    });
  });

  it("an IAM resource pattern with many wildcards against a long key is answered at once, and other clients are not stalled", async (t) => {
    const { ctx, dispose } = coreContext(emulator.endpoint, "eda-wild");
    try {
      assert.ok((await setup(ctx)).ok);
    } finally {
      dispose();
    }
    const config = emulatorStack("eda-wild");
    // Eight stars against a 120-character key: a backtracking RegExp takes hours for this.
    await new IAMClient(admin()).send(
      new PutRolePolicyCommand({
        RoleName: config.consumers.inventory.role,
        PolicyName: "wildcards",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${config.bucket.name}/${"*a".repeat(8)}*b` }] }),
      }),
    );
    const principal = roleSession(emulator.hub, config.consumers.inventory.roleArn, "wild")!;
    const issued = emulator.hub.credentials.issueSession(principal);
    const s3 = new S3Client({ ...admin(), credentials: { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken }, forcePathStyle: true });
    const get = () => s3.send(new GetObjectCommand({ Bucket: config.bucket.name, Key: `uploads/${"a".repeat(120)}` })).then(() => "read", (e: Error) => e.name);
    const { slowestMs, outcome } = await whileAttacked(sts(), get);
    t.diagnostic(`denied as ${outcome}; slowest GetCallerIdentity meanwhile ${slowestMs.toFixed(0)} ms`);
    assert.equal(outcome, "AccessDenied");
    assert.ok(slowestMs < 1000, `GetCallerIdentity took ${slowestMs.toFixed(0)} ms`);
  });

  describe("connections", () => {
    it("a head trickling one line at a time is closed once the headers timeout has passed since its first byte", async () => {
      const slow = await startTestEmulator({ connections: { headersTimeoutMs: 1000 } });
      try {
        const url = new URL(slow.endpoint);
        const started = Date.now();
        const outcome = await new Promise<{ status: string; lines: number }>((resolve) => {
          let lines = 0;
          let received = "";
          const socket = connect(Number(url.port), url.hostname, () => socket.write(`GET /_eda/health HTTP/1.1\r\nHost: ${url.host}\r\n`));
          // One header line every 200 ms: activity never stops, so only a timeout counted from the start can end it.
          const trickle = setInterval(() => {
            lines++;
            socket.write(`X-Slow-${lines}: y\r\n`);
          }, 200);
          socket.on("data", (data) => (received += data.toString("latin1")));
          socket.on("close", () => {
            clearInterval(trickle);
            resolve({ status: received.split("\r\n")[0] ?? "", lines });
          });
          socket.on("error", () => {});
          // A generous bound for a loaded machine; the timeout is 1 s.
          setTimeout(() => socket.destroy(), 30_000).unref();
        });
        assert.match(outcome.status, /^HTTP\/1\.1 408 /, `closed after ${Date.now() - started} ms and ${outcome.lines} lines`);
      } finally {
        await slow.stop();
      }
    });

    it("a body trickling in is closed once the request timeout has passed", async () => {
      const slow = await startTestEmulator({ connections: { headersTimeoutMs: 500, requestTimeoutMs: 1500 } });
      try {
        const url = new URL(slow.endpoint);
        const headers = await signedHeaders(slow.endpoint, { service: "sqs", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "1000" }, body: "x".repeat(1000) });
        const status = await new Promise<string>((resolve) => {
          let received = "";
          const socket = connect(Number(url.port), url.hostname, () => {
            socket.write(`POST / HTTP/1.1\r\n${Object.entries(headers).map(([n, v]) => `${n}: ${v}`).join("\r\n")}\r\n\r\n`);
          });
          const trickle = setInterval(() => socket.write("x"), 100);
          socket.on("data", (data) => (received += data.toString("latin1")));
          socket.on("close", () => {
            clearInterval(trickle);
            resolve(received.split("\r\n")[0] ?? "");
          });
          socket.on("error", () => {});
          setTimeout(() => socket.destroy(), 30_000).unref();
        });
        assert.match(status, /^HTTP\/1\.1 408 /);
      } finally {
        await slow.stop();
      }
    });

    it("connections beyond the cap are closed, one log line says so, and clients are served again once some end", async () => {
      const lines: string[] = [];
      const capped = await startTestEmulator({ connections: { maxConnections: 20 }, log: (entry) => lines.push(entry.message) });
      try {
        const url = new URL(capped.endpoint);
        const sockets = await Promise.all(
          Array.from({ length: 30 }, () => new Promise<Socket>((resolve) => {
            const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
            socket.on("error", () => {});
          })),
        );
        // The ten beyond the cap are closed by the emulator (polled with a generous bound).
        const deadline = Date.now() + 20_000;
        while (sockets.filter((socket) => socket.destroyed || socket.readableEnded).length < 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(sockets.filter((socket) => socket.destroyed || socket.readableEnded).length, 10);
        assert.equal(lines.filter((line) => line.startsWith("connection limit reached")).length, 1);
        for (const socket of sockets) socket.destroy();
        const stsClient = new STSClient(clientConfig(capped));
        let answered = false;
        while (!answered && Date.now() < deadline) answered = await stsClient.send(new GetCallerIdentityCommand({})).then(() => true, () => false);
        assert.ok(answered);
      } finally {
        await capped.stop();
      }
    });
  });

  it("keys with . and .. segments are stored and returned under the literal key", async () => {
    const bucket = `dots-${Date.now()}`;
    const s3 = new S3Client({ ...admin(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const keys = ["a/../b", "./z", "x/./y", "..", "c/..", "../up"];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    for (const key of keys) assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString(), `body of ${key}`, key);
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((object) => object.Key) ?? [];
    assert.deepEqual([...listed].sort(), [...keys].sort());
  });
});

/** Writes raw bytes on a fresh connection and returns everything answered until the emulator closes it. */
function rawExchange(endpoint: string, bytes: string): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    let received = "";
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", () => resolve(received));
    socket.on("error", () => {});
  });
}
