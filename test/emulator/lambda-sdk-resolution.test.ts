/**
 * How a function's code finds the AWS SDK: the managed runtime provides
 * `@aws-sdk/*` to ES module imports and to require(), and a copy the
 * function bundles in its own node_modules wins over the runtime's. Nothing
 * else is provided.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IAMClient } from "@aws-sdk/client-iam";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { createExecutionRole, eventually, logStatements, zipOf } from "../helpers/lambda.js";

describe("Lambda: the SDK the runtime provides", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  let role: string;

  before(async () => {
    emulator = await startTestEmulator();
    lambda = new LambdaClient(clientConfig(emulator));
    role = await createExecutionRole(new IAMClient(clientConfig(emulator)), "sdk-resolution-role", []);
  });
  after(async () => {
    lambda.destroy();
    await emulator.stop();
  });

  async function run(name: string, code: Record<string, string>): Promise<{ payload: unknown; functionError?: string }> {
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: role, Handler: "index.handler", Code: { ZipFile: zipOf(code) } }),
    );
    const output = await lambda.send(new InvokeCommand({ FunctionName: name }));
    return {
      payload: JSON.parse(Buffer.from(output.Payload ?? []).toString("utf8")),
      ...(output.FunctionError ? { functionError: output.FunctionError } : {}),
    };
  }

  it("logs no emulator artefact: the SDK's Node version warning is not the function's error, and INIT_START names the Node that runs it", async () => {
    const name = "sdk-honest-logs";
    const loggingRole = await createExecutionRole(new IAMClient(clientConfig(emulator)), "sdk-honest-logs-role", logStatements(TEST_REGION, TEST_ACCOUNT, name));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: loggingRole,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.mjs": `import { STSClient } from "@aws-sdk/client-sts";\nexport const handler = async () => (await new STSClient({}).config.region());` }) },
      }),
    );
    const output = await lambda.send(new InvokeCommand({ FunctionName: name }));
    assert.equal(output.FunctionError, undefined);
    const logs = new CloudWatchLogsClient(clientConfig(emulator));
    const log = await eventually(
      async () => {
        const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` })).catch(() => ({ events: [] }))).events ?? [];
        const text = events.map((event) => event.message ?? "").join("");
        return /\nREPORT |^REPORT /m.test(text) ? text : undefined;
      },
      10_000,
      "the function's REPORT line in its log group",
    );
    logs.destroy();
    assert.match(log, new RegExp(`INIT_START Runtime Version: nodejs:22\\.local-node-${process.version.replace(/\./g, "\\.")}\t`));
    assert.doesNotMatch(log, /NodeVersionSupportWarning/);
    assert.doesNotMatch(log, /\tERROR\t/);
  });

  it("resolves an ES module import of the SDK from the runtime, also from a nested module", async () => {
    const answer = await run("esm-runtime-sdk", {
      "index.mjs": `export { handler } from "./lib/deep/handler.mjs";`,
      "lib/deep/handler.mjs": `import { STSClient } from "@aws-sdk/client-sts";
export const handler = async () => ({ client: typeof STSClient, region: await new STSClient({}).config.region() });`,
    });
    assert.deepEqual(answer.payload, { client: "function", region: "us-east-1" });
  });

  it("prefers the copy of an SDK package the function bundles, for import and require alike", async () => {
    const bundled = {
      "node_modules/@aws-sdk/client-sts/package.json": JSON.stringify({ name: "@aws-sdk/client-sts", version: "0.0.1-bundled", main: "index.js" }),
      "node_modules/@aws-sdk/client-sts/index.js": `exports.STSClient = "the bundled copy";`,
    };
    const imported = await run("esm-bundled-sdk", {
      ...bundled,
      "index.mjs": `import { STSClient } from "@aws-sdk/client-sts"; export const handler = async () => STSClient;`,
    });
    assert.equal(imported.payload, "the bundled copy");
    const required = await run("cjs-bundled-sdk", {
      ...bundled,
      "index.js": `const { STSClient } = require("@aws-sdk/client-sts"); exports.handler = async () => STSClient;`,
    });
    assert.equal(required.payload, "the bundled copy");
  });

  it("provides nothing but the SDK: another package is an import error", async () => {
    const answer = await run("esm-missing-package", {
      "index.mjs": `import { Command } from "commander"; export const handler = async () => typeof Command;`,
    });
    assert.equal(answer.functionError, "Unhandled");
    assert.match((answer.payload as { errorMessage: string }).errorMessage, /Cannot find package 'commander'/);
  });
});
