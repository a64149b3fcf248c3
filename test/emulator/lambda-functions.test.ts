import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { createExecutionRole, fixture, zipOf } from "../helpers/lambda.js";

const ARN_PREFIX = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:`;
const echoZip = zipOf({ "index.js": fixture("behaviours.js") });

function decode(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? []).toString("utf8"));
}

describe("Lambda functions: control plane", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  let iam: IAMClient;
  let roleArn: string;

  const create = (name: string, overrides: Partial<CreateFunctionCommandInput> = {}) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: roleArn,
        Handler: "index.handler",
        Code: { ZipFile: echoZip },
        ...overrides,
      }),
    );

  before(async () => {
    emulator = await startTestEmulator();
    lambda = new LambdaClient(clientConfig(emulator));
    iam = new IAMClient(clientConfig(emulator));
    roleArn = await createExecutionRole(iam, "functions-role", []);
  });
  after(async () => {
    await emulator.stop();
  });

  it("creates a function: 201, Pending in the answer, code hash and size of the zip, AWS defaults", async () => {
    const created = await create("created", { Tags: { team: "data" }, Description: "first" });
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.FunctionName, "created");
    assert.equal(created.FunctionArn, `${ARN_PREFIX}created`);
    assert.equal(created.State, "Pending");
    assert.equal(created.StateReasonCode, "Creating");
    assert.equal(created.CodeSha256, createHash("sha256").update(echoZip).digest("base64"));
    assert.equal(created.CodeSize, echoZip.length);
    assert.equal(created.Version, "$LATEST");
    assert.equal(created.Timeout, 3);
    assert.equal(created.MemorySize, 128);
    assert.equal(created.PackageType, "Zip");
    assert.deepEqual(created.Architectures, ["x86_64"]);
    assert.deepEqual(created.LoggingConfig, { LogFormat: "Text", LogGroup: "/aws/lambda/created" });
    assert.deepEqual(created.EphemeralStorage, { Size: 512 });
    assert.match(created.LastModified ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.match(created.RevisionId ?? "", /^[0-9a-f-]{36}$/);

    // The fast profile activates at once.
    const fetched = await lambda.send(new GetFunctionCommand({ FunctionName: "created" }));
    assert.equal(fetched.Configuration?.State, "Active");
    assert.equal(fetched.Configuration?.LastUpdateStatus, "Successful");
    assert.equal(fetched.Configuration?.Description, "first");
    assert.deepEqual(fetched.Tags, { team: "data" });
    assert.equal(fetched.Code?.RepositoryType, "S3");
    const download = await fetch(fetched.Code!.Location!);
    assert.equal(download.status, 200);
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), echoZip);
  });

  it("finds a function by name, full ARN and partial ARN, and answers ResourceNotFoundException with the ARN", async () => {
    await create("addressed");
    for (const name of ["addressed", `${ARN_PREFIX}addressed`, `${TEST_ACCOUNT}:function:addressed`]) {
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      assert.equal(configuration.FunctionName, "addressed");
    }
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "nope" })), {
      name: "ResourceNotFoundException",
      message: `Function not found: ${ARN_PREFIX}nope`,
    });
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "addressed", Qualifier: "7" })), {
      name: "ResourceNotFoundException",
      message: `Function not found: ${ARN_PREFIX}addressed:7`,
    });
  });

  it("refuses a second function of the same name with AWS's wording", async () => {
    await create("twice");
    await assert.rejects(create("twice"), { name: "ResourceConflictException", message: "Function already exist: twice" });
  });

  it("accepts only the Node.js runtimes AWS still lets you create", async () => {
    await assert.rejects(create("old-node", { Runtime: "nodejs18.x" }), {
      name: "InvalidParameterValueException",
      message: /^The runtime parameter of nodejs18\.x is no longer supported for creating or updating AWS Lambda functions\./,
    });
    await assert.rejects(create("python", { Runtime: "python3.12" }), { name: "InvalidParameterValueException" });
    await assert.rejects(create("bogus", { Runtime: "cobol" as never }), { name: "ValidationException", message: /at 'runtime'/ });
    for (const runtime of ["nodejs20.x", "nodejs22.x", "nodejs24.x"] as const) {
      const created = await create(`runtime-${runtime.replace(".", "-")}`, { Runtime: runtime });
      assert.equal(created.Runtime, runtime);
    }
  });

  it("validates names, code, limits and environment variables as Lambda does", async () => {
    await assert.rejects(create("bad name"), { name: "ValidationException", message: /at 'functionName'/ });
    await assert.rejects(create("x".repeat(65)), { name: "ValidationException" });
    await assert.rejects(create("not-a-zip", { Code: { ZipFile: Buffer.from("just text") } }), {
      name: "InvalidParameterValueException",
      message: "Could not unzip uploaded file. Please check your file, then try to upload again.",
    });
    await assert.rejects(create("long", { Timeout: 901 }), { name: "ValidationException", message: /at 'timeout'/ });
    await assert.rejects(create("tiny", { MemorySize: 64 }), { name: "ValidationException", message: /at 'memorySize'/ });
    await assert.rejects(create("huge", { MemorySize: 20480 }), { name: "InvalidParameterValueException" });
    await assert.rejects(create("no-handler", { Handler: undefined }), {
      name: "InvalidParameterValueException",
      message: "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
    });
    await assert.rejects(create("reserved", { Environment: { Variables: { AWS_REGION: "eu-west-1", OK: "1" } } }), {
      name: "InvalidParameterValueException",
      message: /reserved keys that are currently not supported for modification\. Reserved keys used in this request: AWS_REGION$/,
    });
    await assert.rejects(create("too-big-env", { Environment: { Variables: { BIG: "x".repeat(4096) } } }), {
      name: "InvalidParameterValueException",
      message: /exceeded the 4KB limit/,
    });
    const configured = await create("configured", {
      Timeout: 900,
      MemorySize: 10240,
      Environment: { Variables: { GREETING: "hi" } },
      Architectures: ["arm64"],
      LoggingConfig: { LogFormat: "JSON" },
    });
    assert.equal(configured.Timeout, 900);
    assert.deepEqual(configured.Environment, { Variables: { GREETING: "hi" } });
    assert.deepEqual(configured.Architectures, ["arm64"]);
    assert.deepEqual(configured.LoggingConfig, {
      LogFormat: "JSON",
      LogGroup: "/aws/lambda/configured",
      ApplicationLogLevel: "INFO",
      SystemLogLevel: "INFO",
    });
  });

  it("refuses a role Lambda cannot assume: missing, or not trusting lambda.amazonaws.com", async () => {
    const message = "The role defined for the function cannot be assumed by Lambda.";
    await assert.rejects(create("no-role", { Role: `arn:aws:iam::${TEST_ACCOUNT}:role/does-not-exist` }), {
      name: "InvalidParameterValueException",
      message,
    });
    const { CreateRoleCommand } = await import("@aws-sdk/client-iam");
    const untrusting = await iam.send(
      new CreateRoleCommand({
        RoleName: "ec2-only",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    await assert.rejects(create("ec2-role", { Role: untrusting.Role!.Arn }), { name: "InvalidParameterValueException", message });
    await assert.rejects(create("not-an-arn", { Role: "my-role" }), { name: "ValidationException", message: /at 'role'/ });
  });

  it("lists functions in pages", async () => {
    const names = new Set<string>();
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      assert.ok((page.Functions ?? []).length <= 2);
      for (const fn of page.Functions ?? []) names.add(fn.FunctionName!);
      marker = page.NextMarker;
      pages++;
    } while (marker);
    assert.ok(pages > 1);
    const all = await lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual([...names].sort(), (all.Functions ?? []).map((fn) => fn.FunctionName!).sort());
    assert.ok(names.has("created") && names.has("addressed"));
  });

  it("updates configuration and code: InProgress in the answer, the new settings and code in later invocations", async () => {
    await create("updated", { Environment: { Variables: { GREETING: "before" } } });
    const first = await lambda.send(new InvokeCommand({ FunctionName: "updated", Payload: JSON.stringify({ action: "pid" }) }));
    const firstPid = (decode(first.Payload) as { pid: number }).pid;

    const reconfigured = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "updated", Timeout: 10, Description: "second", Environment: { Variables: { GREETING: "after" } } }),
    );
    assert.equal(reconfigured.LastUpdateStatus, "InProgress");
    assert.equal(reconfigured.Timeout, 10);
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: "updated" });

    const newCode = zipOf({ "index.js": "exports.handler = async () => ({ version: 2, greeting: process.env.GREETING, pid: process.pid });" });
    const recoded = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "updated", ZipFile: newCode }));
    assert.equal(recoded.LastUpdateStatus, "InProgress");
    assert.equal(recoded.CodeSha256, createHash("sha256").update(newCode).digest("base64"));
    assert.notEqual(recoded.RevisionId, reconfigured.RevisionId);
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: "updated" });

    const second = await lambda.send(new InvokeCommand({ FunctionName: "updated" }));
    const answer = decode(second.Payload) as { version: number; greeting: string; pid: number };
    assert.equal(answer.version, 2);
    assert.equal(answer.greeting, "after");
    // The warm environment of the old code was replaced.
    assert.notEqual(answer.pid, firstPid);

    await assert.rejects(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "updated", ZipFile: newCode, RevisionId: "stale" })), {
      name: "PreconditionFailedException",
    });
  });

  it("tags functions", async () => {
    const { FunctionArn } = await create("tagged", { Tags: { a: "1" } });
    await lambda.send(new TagResourceCommand({ Resource: FunctionArn, Tags: { b: "2" } }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags, { a: "1", b: "2" });
    await lambda.send(new UntagResourceCommand({ Resource: FunctionArn, TagKeys: ["a"] }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags, { b: "2" });
    await assert.rejects(lambda.send(new ListTagsCommand({ Resource: `${ARN_PREFIX}ghost` })), { name: "ResourceNotFoundException" });
  });

  it("keeps a resource policy: AddPermission, GetPolicy, RemovePermission", async () => {
    const { FunctionArn } = await create("permitted");
    await assert.rejects(lambda.send(new GetPolicyCommand({ FunctionName: "permitted" })), {
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
    });
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: "permitted",
        StatementId: "s3-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "s3.amazonaws.com",
        SourceArn: "arn:aws:s3:::my-bucket",
        SourceAccount: TEST_ACCOUNT,
      }),
    );
    assert.equal(added.$metadata.httpStatusCode, 201);
    assert.deepEqual(JSON.parse(added.Statement!), {
      Sid: "s3-invoke",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: FunctionArn,
      Condition: { StringEquals: { "AWS:SourceAccount": TEST_ACCOUNT }, ArnLike: { "AWS:SourceArn": "arn:aws:s3:::my-bucket" } },
    });
    await assert.rejects(
      lambda.send(new AddPermissionCommand({ FunctionName: "permitted", StatementId: "s3-invoke", Action: "lambda:InvokeFunction", Principal: "*" })),
      { name: "ResourceConflictException" },
    );
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: "permitted" }));
    const document = JSON.parse(policy.Policy!) as { Statement: { Sid: string }[] };
    assert.deepEqual(document.Statement.map((statement) => statement.Sid), ["s3-invoke"]);
    await lambda.send(new RemovePermissionCommand({ FunctionName: "permitted", StatementId: "s3-invoke" }));
    await assert.rejects(lambda.send(new GetPolicyCommand({ FunctionName: "permitted" })), { name: "ResourceNotFoundException" });
    await assert.rejects(lambda.send(new RemovePermissionCommand({ FunctionName: "permitted", StatementId: "s3-invoke" })), {
      name: "ResourceNotFoundException",
    });
  });

  it("deletes a function and stops its execution environments", async () => {
    await create("doomed");
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: "doomed", Payload: JSON.stringify({ action: "pid" }) }));
    const { pid } = decode(invoked.Payload) as { pid: number };
    assert.doesNotThrow(() => process.kill(pid, 0));
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: "doomed" }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.throws(() => process.kill(pid, 0), { code: "ESRCH" });
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "doomed" })), { name: "ResourceNotFoundException" });
    await assert.rejects(lambda.send(new DeleteFunctionCommand({ FunctionName: "doomed" })), { name: "ResourceNotFoundException" });
  });
});

describe("Lambda functions: the realistic profile's Pending state and update windows", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  let iam: IAMClient;

  before(async () => {
    emulator = await startTestEmulator({ profile: "realistic" });
    lambda = new LambdaClient(clientConfig(emulator));
    iam = new IAMClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  it("refuses a role that has not propagated yet, then accepts it", async () => {
    const roleArn = await createExecutionRole(iam, "fresh-role", []);
    const input: CreateFunctionCommandInput = {
      FunctionName: "patient",
      Runtime: "nodejs22.x",
      Role: roleArn,
      Handler: "index.handler",
      Code: { ZipFile: echoZip },
    };
    await assert.rejects(lambda.send(new CreateFunctionCommand(input)), {
      name: "InvalidParameterValueException",
      message: "The role defined for the function cannot be assumed by Lambda.",
    });
    const delayMs = emulator.hub.settings.delays.iamPropagationMs;
    await new Promise((resolve) => setTimeout(resolve, delayMs + 100));
    const created = await lambda.send(new CreateFunctionCommand(input));
    assert.equal(created.State, "Pending");

    // Pending: invoking and updating are refused until the function is Active.
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: "patient" })), {
      name: "ResourceConflictException",
      message: "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    });
    await assert.rejects(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "patient", Timeout: 5 })), {
      name: "ResourceConflictException",
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${ARN_PREFIX}patient`,
    });
    const pending = await lambda.send(new GetFunctionCommand({ FunctionName: "patient" }));
    assert.equal(pending.Configuration?.State, "Pending");
    assert.equal(pending.Configuration?.LastUpdateStatus, undefined);

    const waited = await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: "patient" });
    assert.equal(waited.state, "SUCCESS");
    const active = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "patient" }));
    assert.equal(active.State, "Active");
    assert.equal(active.LastUpdateStatus, "Successful");

    // An update shows InProgress, refuses a second update meanwhile, and the waiter sees it finish.
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "patient", Environment: { Variables: { GREETING: "new" } } }));
    const during = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "patient" }));
    assert.equal(during.LastUpdateStatus, "InProgress");
    assert.deepEqual(during.Environment, { Variables: { GREETING: "new" } });
    await assert.rejects(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "patient", ZipFile: echoZip })), {
      name: "ResourceConflictException",
    });
    const updated = await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: "patient" });
    assert.equal(updated.state, "SUCCESS");
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: "patient", Payload: JSON.stringify({ action: "echo" }) }));
    assert.deepEqual(decode(invoked.Payload), { echo: { action: "echo" } });
  });
});
