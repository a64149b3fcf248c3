import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { DescribeLogStreamsCommand, FilterLogEventsCommand, CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type InvokeCommandOutput,
} from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { createExecutionRole, eventually, fixture, logStatements, zipOf } from "../helpers/lambda.js";

interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

function payloadOf(output: InvokeCommandOutput): unknown {
  return JSON.parse(Buffer.from(output.Payload ?? []).toString("utf8"));
}

function tailOf(output: InvokeCommandOutput): string {
  return Buffer.from(output.LogResult ?? "", "base64").toString("utf8");
}

describe("Lambda invocations in child processes", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  let iam: IAMClient;
  let logs: CloudWatchLogsClient;
  let plainRole: string;
  const emulatorLog: EmulatorLogEntry[] = [];

  const create = async (name: string, code: Record<string, Uint8Array | string>, overrides: Partial<CreateFunctionCommandInput> = {}) => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: plainRole,
        Handler: "index.handler",
        Code: { ZipFile: zipOf(code) },
        ...overrides,
      }),
    );
  };
  const invoke = (name: string, payload?: unknown, extra: { LogType?: "Tail" } = {}) =>
    lambda.send(new InvokeCommand({ FunctionName: name, Payload: payload === undefined ? undefined : JSON.stringify(payload), ...extra }));

  before(async () => {
    emulator = await startTestEmulator({ log: (entry) => emulatorLog.push(entry) });
    lambda = new LambdaClient(clientConfig(emulator));
    iam = new IAMClient(clientConfig(emulator));
    logs = new CloudWatchLogsClient(clientConfig(emulator));
    plainRole = await createExecutionRole(iam, "plain-role", []);
  });
  after(async () => {
    await emulator.stop();
  });

  it("runs a CommonJS handler with Lambda's context, environment and role credentials", async () => {
    await create("echo", { "index.js": fixture("context-echo.js") }, { MemorySize: 256, Environment: { Variables: { GREETING: "hello" } } });
    const clientContext = Buffer.from(JSON.stringify({ custom: { app: "tests" } })).toString("base64");
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: "echo", Payload: JSON.stringify({ n: 1 }), ClientContext: clientContext }),
    );
    assert.equal(output.StatusCode, 200);
    assert.equal(output.ExecutedVersion, "$LATEST");
    assert.equal(output.FunctionError, undefined);
    const answer = payloadOf(output) as {
      event: unknown;
      context: Record<string, unknown>;
      env: Record<string, unknown>;
    };
    assert.deepEqual(answer.event, { n: 1 });
    assert.equal(answer.context.functionName, "echo");
    assert.equal(answer.context.functionVersion, "$LATEST");
    assert.equal(answer.context.invokedFunctionArn, `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:echo`);
    assert.equal(answer.context.memoryLimitInMB, "256");
    assert.match(String(answer.context.awsRequestId), /^[0-9a-f-]{36}$/);
    assert.equal(answer.context.logGroupName, "/aws/lambda/echo");
    assert.match(String(answer.context.logStreamName), /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const remaining = Number(answer.context.remainingMs);
    assert.ok(remaining > 0 && remaining <= 3000, `remaining time ${remaining}`);
    assert.equal(answer.context.callbackWaitsForEmptyEventLoop, true);
    assert.deepEqual(answer.context.clientContext, { custom: { app: "tests" } });
    assert.equal(answer.env.handler, "index.handler");
    assert.equal(answer.env.cwd, answer.env.taskRoot);
    assert.equal(answer.env.region, TEST_REGION);
    assert.equal(answer.env.defaultRegion, TEST_REGION);
    assert.equal(answer.env.functionName, "echo");
    assert.equal(answer.env.memorySize, "256");
    assert.equal(answer.env.version, "$LATEST");
    assert.equal(answer.env.logGroup, "/aws/lambda/echo");
    assert.equal(answer.env.logStream, answer.context.logStreamName);
    assert.equal(answer.env.tz, ":UTC");
    assert.equal(answer.env.hasSessionToken, true);
    assert.equal(answer.env.accessKeyPrefix, "ASIA");
    assert.match(String(answer.env.traceId), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
    assert.equal(answer.env.greeting, "hello");
  });

  it("reuses a warm environment and answers DryRun, Event and bad payloads as Lambda does", async () => {
    await create("warm", { "index.js": fixture("behaviours.js") });
    const first = payloadOf(await invoke("warm", { action: "pid" })) as { pid: number };
    const second = payloadOf(await invoke("warm", { action: "pid" })) as { pid: number };
    assert.equal(second.pid, first.pid);

    const dryRun = await lambda.send(new InvokeCommand({ FunctionName: "warm", InvocationType: "DryRun" }));
    assert.equal(dryRun.StatusCode, 204);
    const queued = await lambda.send(new InvokeCommand({ FunctionName: "warm", InvocationType: "Event", Payload: "{}" }));
    assert.equal(queued.StatusCode, 202);
    assert.equal(queued.Payload?.length ?? 0, 0);

    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: "warm", Payload: "not json" })), {
      name: "InvalidRequestContentException",
    });
    // No payload at all is the empty object.
    assert.deepEqual(payloadOf(await invoke("warm")), { echo: {} });
  });

  it("resolves handlers as the Node.js runtime does: ES modules, type module packages, nested paths and exports", async () => {
    await create("esm-package", { "esm-package/package.json": fixture("esm-package/package.json"), "esm-package/app.js": fixture("esm-package/app.js") }, {
      Handler: "esm-package/app.handlers.main",
    });
    assert.deepEqual(payloadOf(await invoke("esm-package")), { loadedAs: "esm" });

    await create("nested-cjs", { "nested/lib.cjs": fixture("nested/lib.cjs") }, { Handler: "nested/lib.handler" });
    assert.deepEqual(payloadOf(await invoke("nested-cjs")), { loadedAs: "commonjs" });

    await create("mjs", { "index.mjs": "export const handler = async () => ({ loadedAs: typeof require === 'undefined' ? 'esm' : 'commonjs' });" });
    assert.deepEqual(payloadOf(await invoke("mjs")), { loadedAs: "esm" });

    // The runtime's SDK is there for require() too, without being in the zip.
    await create("cjs-sdk", { "index.js": "const { STSClient } = require('@aws-sdk/client-sts'); exports.handler = async () => typeof STSClient;" });
    assert.equal(payloadOf(await invoke("cjs-sdk")), "function");
  });

  it("reports handler loading failures with the runtime's error types", async () => {
    const cases: [string, Record<string, Uint8Array | string>, string, string, RegExp][] = [
      ["syntax", { "index.js": fixture("syntax-error.js") }, "index.handler", "Runtime.UserCodeSyntaxError", /^SyntaxError: /],
      ["missing-dep", { "index.js": fixture("missing-dependency.js") }, "index.handler", "Runtime.ImportModuleError", /^Error: Cannot find module 'left-pad-that-is-not-there'/],
      ["missing-module", { "index.js": fixture("behaviours.js") }, "app.handler", "Runtime.ImportModuleError", /^Error: Cannot find module 'app'/],
      ["missing-export", { "index.js": fixture("behaviours.js") }, "index.nothing", "Runtime.HandlerNotFound", /^index\.nothing is undefined or not exported$/],
      ["not-function", { "index.js": "exports.handler = 42;" }, "index.handler", "Runtime.HandlerNotFound", /^index\.handler is not a function$/],
      ["malformed", { "index.js": fixture("behaviours.js") }, "index", "Runtime.MalformedHandlerName", /^Bad handler$/],
      ["escaping", { "index.js": fixture("behaviours.js") }, "../index.handler", "Runtime.MalformedHandlerName", /not a valid handler name/],
    ];
    for (const [name, code, handler, errorType, message] of cases) {
      await create(name, code, { Handler: handler });
      const output = await invoke(name, {}, { LogType: "Tail" });
      assert.equal(output.StatusCode, 200, name);
      assert.equal(output.FunctionError, "Unhandled", name);
      const error = payloadOf(output) as ErrorPayload;
      assert.equal(error.errorType, errorType, name);
      assert.match(error.errorMessage, message, name);
      assert.ok(Array.isArray(error.trace), name);
      assert.match(tailOf(output), /START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: /, name);
    }
  });

  it("returns a thrown error as errorType, errorMessage and trace, and logs it as Invoke Error", async () => {
    await create("thrower", { "index.js": fixture("behaviours.js") });
    const output = await invoke("thrower", { action: "throw", message: "bad input" }, { LogType: "Tail" });
    assert.equal(output.FunctionError, "Unhandled");
    const error = payloadOf(output) as ErrorPayload;
    assert.equal(error.errorType, "TypeError");
    assert.equal(error.errorMessage, "bad input");
    assert.equal(error.trace?.[0], "TypeError: bad input");
    assert.match(tailOf(output), /\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"bad input","code":"E_TEST",/);
  });

  it("supports callback handlers, waiting for the event loop to empty unless told otherwise", async () => {
    await create("callback", { "index.js": fixture("callback.js") });
    const waited = await invoke("callback", { value: 7, lingerMs: 50 }, { LogType: "Tail" });
    assert.deepEqual(payloadOf(waited), { answeredBy: "callback", value: 7 });
    // The lingering timer ran before the invocation ended.
    assert.match(tailOf(waited), /linger done\n[^]*END RequestId/);

    const failed = await invoke("callback", { fail: "callback error" });
    assert.equal(failed.FunctionError, "Unhandled");
    assert.equal((payloadOf(failed) as ErrorPayload).errorMessage, "callback error");

    await create("callback-24", { "index.js": fixture("callback.js") }, { Runtime: "nodejs24.x" });
    const refused = await invoke("callback-24", {});
    assert.equal((payloadOf(refused) as ErrorPayload).errorType, "Runtime.CallbackHandlerDeprecated");
  });

  it("fails an async handler whose promise never settles once the event loop is empty", async () => {
    await create("unsettled", { "index.js": fixture("behaviours.js") });
    const output = await invoke("unsettled", { action: "never" });
    assert.equal((payloadOf(output) as ErrorPayload).errorType, "Runtime.NodeJsExit");
  });

  it("enforces the timeout and replaces the environment", async () => {
    await create("slow", { "index.js": fixture("behaviours.js") }, { Timeout: 1 });
    const output = await invoke("slow", { action: "sleep", ms: 5000 }, { LogType: "Tail" });
    assert.equal(output.FunctionError, "Unhandled");
    const error = payloadOf(output) as ErrorPayload;
    assert.equal(error.errorType, "Sandbox.Timedout");
    assert.match(error.errorMessage, /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
    assert.match(tailOf(output), /Task timed out after 1\.00 seconds\nEND RequestId: /);
    const timedOutPid = Number(/sleeping in process (\d+)/.exec(tailOf(output))?.[1]);
    // The timed-out process is killed.
    await eventually(async () => {
      try {
        process.kill(timedOutPid, 0);
        return undefined;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === "ESRCH" ? true : undefined;
      }
    }, 5_000, "the timed-out process to end");
    const replacement = payloadOf(await invoke("slow", { action: "pid" })) as { pid: number };
    assert.notEqual(replacement.pid, timedOutPid);
  });

  it("limits the heap to the function's memory size: exhausting it ends the runtime", async () => {
    await create("hungry", { "index.js": fixture("behaviours.js") }, { MemorySize: 128, Timeout: 30 });
    const output = await invoke("hungry", { action: "allocate" });
    assert.equal(output.FunctionError, "Unhandled");
    const error = payloadOf(output) as ErrorPayload;
    assert.equal(error.errorType, "Runtime.ExitError");
    assert.match(error.errorMessage, /Runtime exited with error: signal: aborted$/);
  });

  it("runs concurrent invocations in separate environments", async () => {
    await create("parallel", { "index.js": fixture("behaviours.js") });
    const outputs = await Promise.all([1, 2, 3].map(() => invoke("parallel", { action: "sleep", ms: 300 }, { LogType: "Tail" })));
    const pids = outputs.map((output) => /sleeping in process (\d+)/.exec(tailOf(output))?.[1]);
    assert.equal(new Set(pids).size, 3);
  });

  it("runs an Event invocation in the background", async () => {
    const sqs = new SQSClient(clientConfig(emulator));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "event-reports" }));
    const reporterRole = await createExecutionRole(iam, "reporter-role", [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }]);
    await create(
      "reporter",
      {
        "index.mjs": `import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
const sqs = new SQSClient({});
export const handler = async (event) => { await sqs.send(new SendMessageCommand({ QueueUrl: process.env.REPORT_QUEUE_URL, MessageBody: JSON.stringify(event) })); };`,
      },
      { Role: reporterRole, Environment: { Variables: { REPORT_QUEUE_URL: QueueUrl! } } },
    );
    const queued = await lambda.send(new InvokeCommand({ FunctionName: "reporter", InvocationType: "Event", Payload: JSON.stringify({ background: true }) }));
    assert.equal(queued.StatusCode, 202);
    const body = await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      return received.Messages?.[0]?.Body;
    }, 10_000, "the background invocation's message");
    assert.deepEqual(JSON.parse(body), { background: true });
  });

  it("survives a runtime that exits, with Runtime.ExitError, and starts a new one", async () => {
    await create("crashing", { "index.js": fixture("behaviours.js") });
    const output = await invoke("crashing", { action: "exit", code: 3 });
    assert.equal(output.FunctionError, "Unhandled");
    const error = payloadOf(output) as ErrorPayload;
    assert.equal(error.errorType, "Runtime.ExitError");
    assert.match(error.errorMessage, /Runtime exited with error: exit status 3$/);
    assert.deepEqual(payloadOf(await invoke("crashing", { action: "echo" })), { echo: { action: "echo" } });
  });

  it("lets function code use the runtime's AWS SDK as its role: allowed calls work, others are AccessDenied", async () => {
    const allowedRole = await createExecutionRole(iam, "may-list", [{ Effect: "Allow", Action: "lambda:ListFunctions", Resource: "*" }]);
    await create("lister", { "index.mjs": fixture("lambda-client.mjs") }, { Role: allowedRole });
    const allowed = payloadOf(await invoke("lister")) as { ok: boolean; names: string[] };
    assert.equal(allowed.ok, true);
    assert.ok(allowed.names.includes("lister"));

    await create("not-lister", { "index.mjs": fixture("lambda-client.mjs") });
    const denied = payloadOf(await invoke("not-lister")) as { ok: boolean; errorName: string; message: string };
    assert.equal(denied.ok, false);
    assert.equal(denied.errorName, "AccessDeniedException");
    assert.match(denied.message, /assumed-role\/plain-role\/not-lister is not authorized to perform: lambda:ListFunctions/);
  });

  it("denies a handler S3 access its role does not grant", async () => {
    const s3 = new S3Client(clientConfig(emulator, { forcePathStyle: true }));
    await s3.send(new CreateBucketCommand({ Bucket: "lambda-reads" }));
    await s3.send(new PutObjectCommand({ Bucket: "lambda-reads", Key: "note.txt", Body: "secret" }));
    await create("reader-denied", { "index.mjs": fixture("s3-reader.mjs") });
    const denied = payloadOf(await invoke("reader-denied", { bucket: "lambda-reads", key: "note.txt" })) as { ok: boolean; errorName: string };
    assert.equal(denied.ok, false);
    assert.equal(denied.errorName, "AccessDenied");

    const readerRole = await createExecutionRole(iam, "reader-role", [
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lambda-reads/*" },
    ]);
    await create("reader", { "index.mjs": fixture("s3-reader.mjs") }, { Role: readerRole });
    assert.deepEqual(payloadOf(await invoke("reader", { bucket: "lambda-reads", key: "note.txt" })), { ok: true, body: "secret" });
  });

  it("writes START, console lines, END and REPORT to /aws/lambda/NAME when the role allows it", async () => {
    const loggingRole = await createExecutionRole(iam, "logging-role", logStatements(TEST_REGION, TEST_ACCOUNT, "logger"));
    await create("logger", { "index.js": fixture("behaviours.js") }, { Role: loggingRole });
    const output = await invoke("logger", { action: "log" });
    assert.equal(payloadOf(output), "logged");

    const events = await eventually(async () => {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/logger" })).catch(() => undefined);
      const messages = (found?.events ?? []).map((event) => event.message ?? "");
      return messages.some((message) => message.startsWith("REPORT ")) ? found!.events! : undefined;
    }, 10_000, "the function's REPORT line");
    const messages = events.map((event) => event.message ?? "");
    const start = messages.findIndex((message) => message.startsWith("START RequestId: "));
    const requestId = /^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST\n$/.exec(messages[start]!)?.[1];
    assert.ok(requestId, messages[start]);
    const lines = messages.slice(start);
    const line = (level: string, text: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\t${level}\\t${text}\\n$`);
    assert.match(lines[1]!, line("INFO", "plain line \\{ nested: \\{ value: 1 \\} \\}"));
    assert.match(lines[2]!, line("WARN", "warning line"));
    assert.match(lines[3]!, line("ERROR", "error line"));
    // A multi-line message stays one event.
    assert.match(lines[4]!, line("INFO", "multi\\nline"));
    assert.equal(lines[5], "raw stdout write\n");
    assert.equal(lines[6], `END RequestId: ${requestId}\n`);
    assert.match(
      lines[7]!,
      new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t\\n$`),
    );
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/aws/lambda/logger" }));
    assert.match(streams.logStreams?.[0]?.logStreamName ?? "", /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);

    // A warm invocation has no Init Duration.
    await invoke("logger", { action: "echo" });
    const report = await eventually(async () => {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/logger", filterPattern: "REPORT" }));
      return (found.events ?? []).length >= 2 ? found.events![1]!.message : undefined;
    }, 10_000, "the second REPORT line");
    assert.doesNotMatch(report!, /Init Duration/);
  });

  it("drops logs silently when the role may not write them, and notes it in the emulator's log", async () => {
    await create("mute", { "index.js": fixture("behaviours.js") });
    const output = await invoke("mute", { action: "log" });
    assert.equal(output.FunctionError, undefined);
    await eventually(async () => (emulatorLog.some((entry) => entry.message === "function logs dropped" && entry.function === "mute") ? true : undefined), 10_000, "the dropped-logs note");
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/lambda/mute" }));
    assert.deepEqual(groups.logGroups, []);
  });

  it("applies the JSON log format to console lines and platform records", async () => {
    const loggingRole = await createExecutionRole(iam, "json-logging-role", logStatements(TEST_REGION, TEST_ACCOUNT, "json-logger"));
    await create("json-logger", { "index.js": fixture("behaviours.js") }, { Role: loggingRole, LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "WARN" } });
    await invoke("json-logger", { action: "log" });
    const messages = await eventually(async () => {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/json-logger" })).catch(() => undefined);
      const texts = (found?.events ?? []).map((event) => event.message ?? "");
      return texts.some((text) => text.includes("platform.report")) ? texts : undefined;
    }, 10_000, "the JSON report record");
    const records = messages.filter((text) => text.startsWith("{")).map((text) => JSON.parse(text) as Record<string, unknown>);
    const application = records.filter((record) => "level" in record);
    // ApplicationLogLevel WARN keeps WARN and ERROR only.
    assert.deepEqual(application.map((record) => [record.level, record.message]), [["WARN", "warning line"], ["ERROR", "error line"]]);
    assert.ok(records.some((record) => record.type === "platform.start"));
    const report = records.find((record) => record.type === "platform.report") as { record: { status: string; metrics: Record<string, number> } };
    assert.equal(report.record.status, "success");
    assert.equal(report.record.metrics.memorySizeMB, 128);
  });

  it("applies a configuration update to new environments only after the update", async () => {
    await create("reconfigured", { "index.js": fixture("context-echo.js") }, { Environment: { Variables: { GREETING: "one" } } });
    assert.equal((payloadOf(await invoke("reconfigured")) as { env: { greeting: string } }).env.greeting, "one");
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "reconfigured", Environment: { Variables: { GREETING: "two" } } }));
    assert.equal((payloadOf(await invoke("reconfigured")) as { env: { greeting: string } }).env.greeting, "two");
  });
});

describe("Lambda execution environments when the emulator stops", () => {
  it("stops every runtime process and removes the extracted code", async () => {
    const emulator = await startTestEmulator();
    const lambda = new LambdaClient(clientConfig(emulator));
    const roleArn = await createExecutionRole(new IAMClient(clientConfig(emulator)), "stop-role", []);
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: "stopped", Runtime: "nodejs22.x", Role: roleArn, Handler: "index.handler", Code: { ZipFile: zipOf({ "index.js": fixture("context-echo.js") }) } }),
    );
    const answer = payloadOf(await lambda.send(new InvokeCommand({ FunctionName: "stopped" }))) as { pid: number; env: { taskRoot: string } };
    assert.ok(existsSync(answer.env.taskRoot));
    await emulator.stop();
    assert.throws(() => process.kill(answer.pid, 0), { code: "ESRCH" });
    assert.equal(existsSync(answer.env.taskRoot), false);
  });
});
