/**
 * The bad-input matrix: wrong names, regions, flags, files, credentials,
 * endpoints and stack states across every command. Each case runs the real
 * CLI against the emulator and asserts one clear line on stderr (no stack
 * trace), the exit code, and, by listing everything with the SDK before and
 * after, that nothing was created, uploaded or sent.
 */
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateRoleCommand, ListRolesCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { ListEventSourceMappingsCommand, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, ListBucketsCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { ListSubscriptionsCommand, ListTopicsCommand } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../src/core/context.js";
import { BUILTIN_CONSUMERS } from "../../src/core/stack/config.js";
import { setup } from "../../src/core/provision/setup.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { adminPrincipal } from "../../src/emulator/policy/principal.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { consumerLogLines, queueDepth } from "../../bench/lib/workloads/pipeline-checks.js";
import { adminClients, coreContext, emulatorStack } from "../../bench/lib/workloads/pipeline.js";
import { assertOneErrorLine, createSandbox, ensureHandlerBundles, runEda, type Sandbox } from "../helpers/cli.js";
import { freePort } from "../helpers/targets.js";
import { startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const READY = "eda-ready";
const ABSENT = "eda-absent";
const FOREIGN_ACCOUNT = "111111111111";

/** Every resource of every kind the emulator holds, plus the ready stack's objects and queue depths, as sorted lines. */
async function inventory(clients: AwsClients): Promise<string[]> {
  const lines: string[] = [];
  for (const bucket of (await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    lines.push(`bucket ${bucket.Name}`);
    const versions = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket.Name }));
    for (const version of versions.Versions ?? []) lines.push(`object ${bucket.Name}/${version.Key} ${version.VersionId}`);
  }
  for (const topic of (await clients.sns.send(new ListTopicsCommand({}))).Topics ?? []) lines.push(`topic ${topic.TopicArn}`);
  for (const subscription of (await clients.sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? []) lines.push(`subscription ${subscription.SubscriptionArn}`);
  for (const url of (await clients.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []) {
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"] }),
    );
    lines.push(`queue ${url} ${JSON.stringify(Attributes)}`);
  }
  for (const role of (await clients.iam.send(new ListRolesCommand({}))).Roles ?? []) lines.push(`role ${role.RoleName}`);
  for (const fn of (await clients.lambda.send(new ListFunctionsCommand({}))).Functions ?? []) lines.push(`function ${fn.FunctionName}`);
  for (const mapping of (await clients.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? []) lines.push(`mapping ${mapping.UUID} ${mapping.State}`);
  for (const group of (await clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []) lines.push(`log group ${group.logGroupName}`);
  return lines.sort();
}

interface Case {
  args: string[];
  /** Environment on top of the sandbox's and the emulator's (keys, region, endpoint). */
  env?: NodeJS.ProcessEnv;
  /** Run with the sandbox's bare environment: no keys, no region, no endpoint. */
  bare?: boolean;
  code: 1 | 2;
  message: RegExp;
}

describe("bad input: one line, the right exit code, nothing created", { concurrency: 4 }, () => {
  let emulator: RunningEmulator;
  let clients: AwsClients;
  let sandbox: Sandbox;
  let files: string;
  let notAws: Server;
  let notAwsEndpoint: string;
  let closedEndpoint: string;
  let deniedKeys: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_SESSION_TOKEN: string };

  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
    clients = adminClients(emulator.endpoint);
    sandbox = createSandbox();
    const { ctx, dispose } = coreContext(emulator.endpoint, READY);
    try {
      const result = await setup(ctx);
      assert.ok(result.ok, result.summary);
    } finally {
      dispose();
    }
    // The notification's s3:TestEvent goes through the queues once: let both consumers skip it and the queues
    // drain, or depths change under the cases.
    const ready = emulatorStack(READY);
    for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
      const settled = await Promise.all(
        BUILTIN_CONSUMERS.map(async (consumer) => {
          const skipped = (await consumerLogLines(clients, ready, consumer)).some((line) => line.outcome === "skipped");
          return skipped && (await queueDepth(clients, ready.consumers[consumer].queue)) === 0;
        }),
      );
      if (settled.every(Boolean)) break;
      assert.ok(Date.now() < deadline, "the test event went through both consumers");
    }
    // A message waiting in a DLQ, which a purge without confirmation must leave alone.
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: emulatorStack(READY).consumers.inventory.deadLetterQueue }));
    await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ id: "waiting" }) }));
    // Another account owns the bucket name the stack "eda-taken" would use.
    emulator.hub.credentials.addPermanent("foreign", "foreign-secret", adminPrincipal(FOREIGN_ACCOUNT));
    const foreign = new S3Client({ endpoint: emulator.endpoint, region: TEST_REGION, credentials: { accessKeyId: "foreign", secretAccessKey: "foreign-secret" }, forcePathStyle: true });
    await foreign.send(new CreateBucketCommand({ Bucket: emulatorStack("eda-taken").bucket.name }));
    foreign.destroy();
    // A role session allowed only to read its own identity: every change is an AccessDenied AWS will not retry.
    await clients.iam.send(
      new CreateRoleCommand({
        RoleName: "eda-readonly",
        AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: TEST_ACCOUNT }, Action: "sts:AssumeRole" }] }),
      }),
    );
    await clients.iam.send(
      new PutRolePolicyCommand({
        RoleName: "eda-readonly",
        PolicyName: "describe-only",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" }] }),
      }),
    );
    const session = roleSession(emulator.hub, `arn:aws:iam::${TEST_ACCOUNT}:role/eda-readonly`, "bad-input");
    assert.ok(session);
    const issued = emulator.hub.credentials.issueSession(session);
    deniedKeys = { AWS_ACCESS_KEY_ID: issued.accessKeyId, AWS_SECRET_ACCESS_KEY: issued.secretAccessKey, AWS_SESSION_TOKEN: issued.sessionToken };

    files = join(sandbox.edaHome, "..", "files");
    mkdirSync(join(files, "folder"), { recursive: true });
    writeFileSync(join(files, "ok.txt"), "hello\n");
    writeFileSync(join(files, "huge.bin"), "");
    truncateSync(join(files, "huge.bin"), 5 * 1024 ** 3 + 1); // sparse: no disk used
    symlinkSync(join(files, "gone.txt"), join(files, "dangling.txt"));

    // Something that answers HTTP but is not AWS.
    notAws = createServer((req, res) => {
      // Under /welcome a web page answers 200, anywhere else 404.
      res.writeHead(req.url?.startsWith("/welcome") ? 200 : 404, { "content-type": "text/html" });
      res.end("<html><body>Hello</body></html>");
    });
    await new Promise<void>((resolve) => notAws.listen(0, "127.0.0.1", resolve));
    notAwsEndpoint = `http://127.0.0.1:${(notAws.address() as { port: number }).port}`;
    closedEndpoint = `http://127.0.0.1:${await freePort()}`;
  });

  after(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    await new Promise((resolve) => notAws?.close(resolve));
    await sandbox?.dispose();
    await emulator?.stop();
  });

  const target = () => ({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: TEST_REGION, AWS_ENDPOINT_URL: emulator.endpoint });
  const file = (name: string) => join(files, name);

  // Built when the case runs: they name the emulator's endpoint, keys and files made in before().
  const cases: [string, () => Case][] = [
    // Stack names
    ["a stack name with uppercase and underscores", () => ({ args: ["setup", "--stack", "My_Stack"], code: 2, message: /invalid stack name "My_Stack"/ })],
    ["an empty stack name", () => ({ args: ["setup", "--stack", ""], code: 2, message: /invalid stack name "": it is empty/ })],
    ["a stack name over 32 characters", () => ({ args: ["setup", "--stack", "s".repeat(33)], code: 2, message: /it has 33 characters/ })],
    ["a stack name with consecutive hyphens", () => ({ args: ["teardown", "--yes", "--stack", "a--b"], code: 2, message: /consecutive hyphens/ })],
    ["a stack name S3 reserves", () => ({ args: ["setup", "--stack", "sthree-pipeline"], code: 2, message: /S3 reserves bucket names starting with "sthree-"/ })],
    ["a stack name starting with a digit", () => ({ args: ["status", "--stack", "1stack"], code: 2, message: /does not start with a letter/ })],
    // Regions
    ["a misspelt region", () => ({ args: ["setup", "--stack", ABSENT, "--region", "eu-wset-1"], code: 2, message: /unknown region "eu-wset-1": did you mean eu-west-1\?/ })],
    ["an unknown region in AWS_REGION", () => ({ args: ["setup", "--stack", ABSENT], env: { AWS_REGION: "mars-north-1" }, code: 2, message: /unknown region "mars-north-1"/ })],
    ["no region at all", () => ({ args: ["setup", "--stack", ABSENT], bare: true, env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" }, code: 2, message: /no AWS region/ })],
    // Flags
    ["an unknown option", () => ({ args: ["setup", "--stakc", READY], code: 2, message: /unknown option '--stakc'/ })],
    ["an unknown command", () => ({ args: ["stup"], code: 2, message: /unknown command 'stup'/ })],
    ["test --count 0", () => ({ args: ["test", "--stack", READY, "--count", "0"], code: 2, message: /invalid --count "0"/ })],
    ["test --count -3", () => ({ args: ["test", "--stack", READY, "--count=-3"], code: 2, message: /invalid --count "-3"/ })],
    ["test --count abc", () => ({ args: ["test", "--stack", READY, "--count", "abc"], code: 2, message: /invalid --count "abc"/ })],
    ["test --timeout 0", () => ({ args: ["test", "--stack", READY, "--timeout", "0s"], code: 2, message: /invalid --timeout "0s"/ })],
    ["test --size over the single-put limit", () => ({ args: ["test", "--stack", READY, "--size", "6GiB"], code: 2, message: /5 GiB limit for a single upload: use a multipart upload/ })],
    ["test --poison above --count", () => ({ args: ["test", "--stack", READY, "--count", "2", "--poison", "3"], code: 2, message: /--poison 3: it cannot exceed --count 2/ })],
    ["send to a queue that is not a consumer", () => ({ args: ["send", "--stack", READY, "--queue", "billing", "hello"], code: 2, message: /invalid --queue "billing": expected inventory, audit or all/ })],
    ["send an empty message", () => ({ args: ["send", "--stack", READY, ""], code: 2, message: /the message is empty/ })],
    ["tail --count 0", () => ({ args: ["tail", "--stack", READY, "--count", "0"], code: 2, message: /invalid --count "0"/ })],
    ["logs --since yesterday", () => ({ args: ["logs", "--stack", READY, "--since", "yesterday"], code: 2, message: /invalid --since "yesterday"/ })],
    ["logs with a filter pattern that does not parse", () => ({ args: ["logs", "--stack", READY, "--filter", "{ $.outcome = "], code: 2, message: /invalid --filter/ })],
    ["demo pointed at an endpoint", () => ({ args: ["demo", "--endpoint-url", emulator.endpoint], code: 2, message: /eda demo always runs on its own embedded emulator: drop --endpoint-url/ })],
    ["dlq redrive of a queue that is not a consumer", () => ({ args: ["dlq", "redrive", "--stack", READY, "--queue", "nope"], code: 2, message: /invalid --queue "nope"/ })],
    ["dlq purge of a waiting message without a terminal or --yes", () => ({ args: ["dlq", "purge", "--stack", READY], code: 2, message: /pass --yes/ })],
    ["teardown without a terminal or --yes", () => ({ args: ["teardown", "--stack", READY], code: 2, message: /pass --yes/ })],
    ["local start on port 70000", () => ({ args: ["local", "start", "--port", "70000"], code: 2, message: /invalid --port "70000"/ })],
    // Files
    ["upload of a missing file", () => ({ args: ["upload", "--stack", READY, file("missing.txt")], code: 2, message: /missing\.txt does not exist/ })],
    ["upload of a directory", () => ({ args: ["upload", "--stack", READY, file("folder")], code: 2, message: /folder is a directory/ })],
    ["upload of a dangling symlink", () => ({ args: ["upload", "--stack", READY, file("dangling.txt")], code: 2, message: /dangling\.txt does not exist/ })],
    ["upload of a device, not a file", () => ({ args: ["upload", "--stack", READY, "/dev/null"], code: 2, message: /\/dev\/null is not a regular file/ })],
    ["upload of a file over 5 GiB", () => ({ args: ["upload", "--stack", READY, file("huge.bin")], code: 2, message: /5 GiB limit for a single upload: use a multipart upload/ })],
    ["upload with a good and a missing file (nothing of either)", () => ({ args: ["upload", "--stack", READY, file("ok.txt"), file("missing.txt")], code: 2, message: /missing\.txt does not exist/ })],
    ["upload with a .. prefix", () => ({ args: ["upload", "--stack", READY, "--prefix", "../escape", file("ok.txt")], code: 2, message: /invalid --prefix "\.\.\/escape"/ })],
    // Credentials
    ["no credentials", () => ({ args: ["setup", "--stack", ABSENT], bare: true, env: { AWS_REGION: TEST_REGION, AWS_ENDPOINT_URL: emulator.endpoint }, code: 2, message: /no AWS credentials found/ })],
    ["an access key the endpoint does not know", () => ({ args: ["setup", "--stack", ABSENT], env: { AWS_ACCESS_KEY_ID: "AKIDNOBODY", AWS_SECRET_ACCESS_KEY: "x" }, code: 2, message: /rejected the AWS credentials \(InvalidClientTokenId\)/ })],
    ["the right key with a wrong secret", () => ({ args: ["setup", "--stack", ABSENT], env: { AWS_SECRET_ACCESS_KEY: "not-the-secret" }, code: 2, message: /rejected the AWS credentials \(SignatureDoesNotMatch\)/ })],
    ["a profile that does not exist", () => ({ args: ["setup", "--stack", ABSENT, "--profile", "nobody"], bare: true, env: { AWS_REGION: TEST_REGION, AWS_ENDPOINT_URL: emulator.endpoint }, code: 2, message: /profile "nobody".* not found/ })],
    ["credentials IAM denies every change (AccessDenied is not retried)", () => ({ args: ["setup", "--stack", ABSENT], env: deniedKeys, code: 1, message: /AccessDenied/ })],
    // Endpoints
    ["an endpoint without a scheme", () => ({ args: ["setup", "--stack", ABSENT, "--endpoint-url", "localhost:4566"], code: 2, message: /invalid endpoint URL "localhost:4566"/ })],
    ["an ftp endpoint", () => ({ args: ["setup", "--stack", ABSENT, "--endpoint-url", "ftp://127.0.0.1:21"], code: 2, message: /the scheme must be http or https, not ftp/ })],
    ["an endpoint nothing listens on", () => ({ args: ["setup", "--stack", ABSENT, "--endpoint-url", closedEndpoint], code: 2, message: /does not answer: connection refused/ })],
    ["an endpoint that is not AWS (404)", () => ({ args: ["setup", "--stack", ABSENT, "--endpoint-url", notAwsEndpoint], code: 2, message: /answered GetCallerIdentity with HTTP 404, not an STS answer: is it an AWS-compatible endpoint\?/ })],
    ["an endpoint that answers 200 with a web page", () => ({ args: ["setup", "--stack", ABSENT, "--endpoint-url", `${notAwsEndpoint}/welcome`], code: 2, message: /answered GetCallerIdentity with an answer without an account/ })],
    ["--local together with --endpoint-url", () => ({ args: ["setup", "--stack", ABSENT, "--local", "--endpoint-url", emulator.endpoint], code: 2, message: /cannot be used together/ })],
    // Stack states
    ["test on a stack that is not set up", () => ({ args: ["test", "--stack", ABSENT], code: 2, message: /stack eda-absent is not set up .*run eda setup .*first/ })],
    ["upload to a stack that is not set up", () => ({ args: ["upload", "--stack", ABSENT, file("ok.txt")], code: 2, message: /not set up .*run eda setup .*first/ })],
    ["send to a stack that is not set up", () => ({ args: ["send", "--stack", ABSENT, "hello"], code: 2, message: /not set up .*run eda setup .*first/ })],
    ["dlq redrive on a stack that is not set up", () => ({ args: ["dlq", "redrive", "--stack", ABSENT], code: 2, message: /not set up .*run eda setup .*first/ })],
    ["status of a stack that is not set up", () => ({ args: ["status", "--stack", ABSENT], code: 1, message: /stack eda-absent is not set up .*run eda setup .*--stack eda-absent$/ })],
    ["setup where another account owns the bucket name", () => ({ args: ["setup", "--stack", "eda-taken"], code: 1, message: /eda-taken-000000000000-us-east-1/ })],
  ];

  for (const [what, make] of cases) {
    it(what, async () => {
      const testCase = make();
      const env = testCase.bare ? { ...sandbox.env, ...testCase.env } : { ...sandbox.env, ...target(), ...testCase.env };
      const before = await inventory(clients);
      const run = await runEda(testCase.args, env);
      assert.equal(run.code, testCase.code, `exit ${run.code}; stderr: ${run.stderr}`);
      assertOneErrorLine(run, testCase.message);
      assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
      assert.deepEqual(await inventory(clients), before, "nothing was created, uploaded or sent");
    });
  }

  it("covers at least 30 cases", (t) => {
    t.diagnostic(`${cases.length} bad-input cases`);
    assert.ok(cases.length >= 30);
  });
});
