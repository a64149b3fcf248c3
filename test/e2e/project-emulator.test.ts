/**
 * A user's own project on the embedded emulator, through the real CLI in a
 * temporary project directory: init, setup, a consumer filtered on ".json"
 * that gets only .json objects, a consumer writing outside its declared
 * prefix whose records reach its DLQ, a compile error refused before any
 * change, a code change that redeploys only that function, `eda watch`
 * redeploying after a save, removing consumers from eda.json, and teardown
 * finding the removed ones too.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetFunctionConfigurationCommand, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand } from "@aws-sdk/client-sqs";
import { ListRolesCommand } from "@aws-sdk/client-iam";
import { createAwsClients } from "../../src/core/clients.js";
import type { AwsClients } from "../../src/core/context.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { assertOneErrorLine, resultOf, runEda, spawnEda } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";
import { logMessages } from "../helpers/project-target.js";
import { CREDENTIALS, REGION } from "../helpers/targets.js";

const STACK = "proj-e2e";
const fn = (consumer: string) => `${STACK}-${consumer}`;
const logGroup = (consumer: string) => `/aws/lambda/${fn(consumer)}`;
const BUCKET = `${STACK}-${TEST_ACCOUNT}-${REGION}`;

const JSON_ONLY = (version: string) => `import type { SQSEvent } from "aws-lambda";

export async function handler(event: SQSEvent) {
  for (const record of event.Records) {
    const s3Event = JSON.parse(JSON.parse(record.body).Message) as { Records?: { s3: { object: { key: string } } }[] };
    for (const s3Record of s3Event.Records ?? []) {
      console.log("json-only ${version} got " + decodeURIComponent(s3Record.s3.object.key.replace(/\\+/g, " ")));
    }
  }
  return { batchItemFailures: [] };
}
`;

const WRITER = `import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

const s3 = new S3Client({ forcePathStyle: true });

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  console.log("trace " + new Error("where").stack!.split("\\n")[1]!.trim());
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      // Declared: write results/writer/. This is elsewhere.
      await s3.send(new PutObjectCommand({ Bucket: process.env.EDA_BUCKET, Key: "results/elsewhere/x.json", Body: "{}" }));
    } catch (error) {
      console.log("writer refused: " + (error as Error).name);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
`;

describe("your own consumers on the embedded emulator", { concurrency: false }, () => {
  let emulator: RunningEmulator;
  let clients: AwsClients;
  let root: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const eda = (args: string[]) => runEda(args, env, { cwd: dir });
  const projectFile = () => JSON.parse(readFileSync(join(dir, "eda.json"), "utf8")) as { consumers: Record<string, unknown>[] };
  const saveProjectFile = (file: object) => writeFileSync(join(dir, "eda.json"), JSON.stringify(file, null, 2));
  const codeSha = async (consumer: string) => (await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn(consumer) }))).CodeSha256;
  const upload = (key: string, body = "{}") => clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const queueExists = async (name: string) => {
    try {
      await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      return true;
    } catch {
      return false;
    }
  };

  before(async () => {
    emulator = await startTestEmulator();
    clients = createAwsClients({ region: REGION, endpoint: emulator.endpoint, local: false }, CREDENTIALS);
    root = mkdtempSync(join(tmpdir(), "eda-project-e2e-"));
    dir = join(root, "shop");
    env = {
      PATH: process.env.PATH,
      HOME: root,
      EDA_HOME: join(root, "eda-home"),
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      NO_COLOR: "1",
    };
  });
  after(async () => {
    await emulator?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("eda init scaffolds the project, then refuses to overwrite it", async () => {
    mkdirSync(dir);
    const run = await eda(["init", "--stack", STACK]);
    assert.equal(run.code, 0, run.stderr);
    for (const file of ["eda.json", "consumers/inventory/index.ts", "consumers/audit/index.ts", "package.json", "tsconfig.json", "README.md", ".gitignore"]) {
      assert.ok(existsSync(join(dir, file)), file);
    }
    assert.match(run.stdout, /next:\n {2}npm install.*\n {2}eda setup --local/);
    const schema = JSON.parse(readFileSync(join(dir, "eda.json"), "utf8")).$schema as string;
    assert.ok(existsSync(join(dir, schema)), `$schema ${schema} resolves from the project`);
    const again = await eda(["init"]);
    assert.equal(again.code, 2);
    assertOneErrorLine(again, /never overwrites: \.gitignore, README\.md, consumers\/audit\/index\.ts, .*eda\.json, package\.json, tsconfig\.json already exist/);
  });

  it("eda setup deploys four consumers; json-only gets only .json objects", async () => {
    mkdirSync(join(dir, "consumers", "json-only"));
    writeFileSync(join(dir, "consumers", "json-only", "index.ts"), JSON_ONLY("v1"));
    mkdirSync(join(dir, "consumers", "writer"));
    writeFileSync(join(dir, "consumers", "writer", "index.ts"), WRITER);
    const file = projectFile();
    file.consumers.push(
      { name: "json-only", handler: "consumers/json-only/index.ts", filter: { suffix: ".json" } },
      // Timeout 1 s: the queue's visibility timeout is 6 s, and one failed receive dead-letters.
      { name: "writer", handler: "consumers/writer/index.ts", filter: { prefix: "uploads/writer/" }, timeout: 1, maxReceiveCount: 1, permissions: { write: ["results/writer/"] } },
    );
    saveProjectFile(file);
    const run = await eda(["setup", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(String(resultOf(run.stdout).summary), /stack proj-e2e is ready: created 40, updated 0, unchanged 0/);

    await upload("uploads/a.txt", "text");
    await upload("uploads/b.json");
    await upload("uploads/writer/c.txt", "text");
    await eventually("json-only's log line for b.json", async () => ((await logMessages(clients, logGroup("json-only"))).some((line) => line.includes("json-only v1 got uploads/b.json")) ? true : undefined));
    // Inventory gets everything: once it has processed a.txt, SNS had delivered a.txt to every matching queue.
    await eventually("inventory's line for a.txt", async () => ((await logMessages(clients, logGroup("inventory"))).some((line) => line.includes('"key":"uploads/a.txt"')) ? true : undefined));
    await eventually("inventory's line for c.txt", async () => ((await logMessages(clients, logGroup("inventory"))).some((line) => line.includes('"key":"uploads/writer/c.txt"')) ? true : undefined));
    const got = (await logMessages(clients, logGroup("json-only"))).filter((line) => line.includes("json-only v1 got"));
    assert.deepEqual(got.map((line) => line.slice(line.indexOf("json-only v1 got")).trim()), ["json-only v1 got uploads/b.json"]);
  });

  it("a consumer writing outside its declared prefix gets AccessDenied and its record reaches the DLQ; stack traces name its .ts lines", async () => {
    await eventually("writer's AccessDenied", async () => ((await logMessages(clients, logGroup("writer"))).some((line) => line.includes("writer refused: AccessDenied")) ? true : undefined));
    // The function runs with --enable-source-maps: a stack trace names the .ts file and line.
    const trace = (await logMessages(clients, logGroup("writer"))).find((line) => line.includes("trace at "));
    assert.match(trace ?? "", /trace at handler \(.*consumers\/writer\/index\.ts:7:\d+\)/);
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: `${fn("writer")}-dlq` }));
    await eventually("writer's record in its DLQ", async () => {
      const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
      return Number(Attributes?.ApproximateNumberOfMessages) === 1 ? true : undefined;
    });
  });

  it("a compile error is one line naming file:line, exit 2, before anything changes", async () => {
    const before = await codeSha("json-only");
    writeFileSync(join(dir, "consumers", "json-only", "index.ts"), JSON_ONLY("v1").replace("return { batchItemFailures: [] };", "return { batchItemFailures: [] ;"));
    const run = await eda(["setup"]);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /^error: consumer json-only: consumers\/json-only\/index\.ts:10:\d+: Expected "}" but found ";"$/);
    assert.equal(await codeSha("json-only"), before);
  });

  it("a code change redeploys only that function; an unchanged re-run uploads nothing", async (t) => {
    const before = { inventory: await codeSha("inventory"), jsonOnly: await codeSha("json-only") };
    writeFileSync(join(dir, "consumers", "json-only", "index.ts"), JSON_ONLY("v2"));
    const started = Date.now();
    const run = await eda(["setup", "--json"]);
    const elapsed = Date.now() - started;
    assert.equal(run.code, 0, run.stderr);
    const result = resultOf(run.stdout);
    assert.match(String(result.summary), /created 0, updated 1, unchanged 39/);
    const steps = result.steps as { id: string; outcome: string }[];
    assert.deepEqual(steps.filter((step) => step.outcome !== "unchanged").map((step) => step.id), ["function:json-only"]);
    assert.notEqual(await codeSha("json-only"), before.jsonOnly);
    assert.equal(await codeSha("inventory"), before.inventory);
    t.diagnostic(`eda setup after a code change (CLI process included): ${elapsed} ms`);

    const unchanged = await eda(["setup", "--json"]);
    assert.equal(unchanged.code, 0, unchanged.stderr);
    assert.match(String(resultOf(unchanged.stdout).summary), /no changes \(all 40 resources already as planned\)/);
  });

  it("eda watch redeploys a consumer after its file changes and shows its next log lines; Ctrl-C ends it with a summary", async (t) => {
    const child = spawnEda(["watch"], env, { cwd: dir });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      await eventually("watch to start watching", async () => (/watching \d+ source files of inventory, audit, json-only, writer/.test(output) ? true : undefined), 120_000);
      writeFileSync(join(dir, "consumers", "json-only", "index.ts"), JSON_ONLY("v3"));
      await eventually("the redeploy", async () => (/json-only: updated 1 function proj-e2e-json-only in \d+ ms/.test(output) ? true : undefined));
      t.diagnostic(`eda watch: ${/json-only: updated 1 function proj-e2e-json-only in (\d+ ms)/.exec(output)![1]} from the save being noticed to the function updated`);
      assert.doesNotMatch(output, /(inventory|audit|writer): updated 1/);
      await upload("uploads/d.json");
      await eventually("the new code's log line, shown by watch", async () => (/json-only v3 got uploads\/d\.json/.test(output) ? true : undefined));
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 130, output);
    assert.match(output, /watched inventory, audit, json-only, writer for \d+ s: 1 redeploys \(json-only 1\), 0 compile errors/);
  });

  it("a changed filter updates only that consumer's subscription", async () => {
    const file = projectFile();
    const jsonOnly = file.consumers.find((consumer) => consumer.name === "json-only")!;
    jsonOnly.filter = { suffix: ".ndjson" };
    saveProjectFile(file);
    const run = await eda(["setup", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const steps = resultOf(run.stdout).steps as { id: string; outcome: string; changes?: string[] }[];
    const changed = steps.filter((step) => step.outcome !== "unchanged");
    assert.deepEqual(changed.map((step) => step.id), ["subscription:json-only"]);
    assert.match(changed[0]!.changes!.join(), /filter policy is .*"suffix":".json".*, expected .*"suffix":".ndjson"/);
  });

  it("removing a consumer from eda.json: setup lists what goes and asks; without a terminal or --yes it changes nothing", async () => {
    const file = projectFile();
    file.consumers = file.consumers.filter((consumer) => consumer.name !== "json-only");
    saveProjectFile(file);
    const dry = await eda(["setup", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^- delete\s+dlq:json-only\s+proj-e2e-json-only-dlq$/m);
    assert.match(dry.stdout, /^- delete\s+function:json-only\s+proj-e2e-json-only$/m);
    const diff = await eda(["diff"]);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout + diff.stderr, /8 to delete \(consumers json-only, no longer in the project file\)/);
    const refused = await eda(["setup"]);
    assert.equal(refused.code, 2);
    assert.match(refused.stdout + refused.stderr, /to delete: function proj-e2e-json-only/);
    assert.match(refused.stderr, /error: cannot ask "Delete consumer json-only \(no longer in the project file\): the 8 resources listed above\?" without a terminal: pass --yes/);
    assert.ok(await queueExists(fn("json-only")), "nothing was deleted");

    const run = await eda(["setup", "--yes", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(String(resultOf(run.stdout).summary), /deleted 8 \(consumers json-only\)/);
    assert.ok(!(await queueExists(fn("json-only"))));
    assert.ok(!(await queueExists(`${fn("json-only")}-dlq`)));
    const functions = await clients.lambda.send(new ListFunctionsCommand({}));
    assert.ok(!functions.Functions?.some((entry) => entry.FunctionName === fn("json-only")));
    const roles = await clients.iam.send(new ListRolesCommand({}));
    assert.ok(!roles.Roles?.some((role) => role.RoleName === `${fn("json-only")}-role`));
    assert.deepEqual(await logMessages(clients, logGroup("json-only")), []);
  });

  it("eda teardown removes everything, consumers removed from eda.json included", async () => {
    const file = projectFile();
    file.consumers = file.consumers.filter((consumer) => consumer.name !== "writer");
    saveProjectFile(file);
    const run = await eda(["teardown", "--yes", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(String(resultOf(run.stdout).summary), /stack proj-e2e is gone/);
    const queues = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${STACK}-` }));
    assert.deepEqual(queues.QueueUrls ?? [], []);
    const functions = await clients.lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual((functions.Functions ?? []).map((entry) => entry.FunctionName), []);
    const roles = await clients.iam.send(new ListRolesCommand({}));
    assert.deepEqual((roles.Roles ?? []).map((role) => role.RoleName).filter((name) => name?.startsWith(STACK)), []);
  });
});
