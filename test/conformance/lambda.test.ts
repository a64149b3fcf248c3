/**
 * Lambda answers compared with recorded AWS answers (localstack
 * tests/aws/services/lambda_/test_lambda_api.snapshot.json).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  AddPermissionCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { createExecutionRole, zipOf } from "../helpers/lambda.js";
import { rawAnswers, rejectsAsRecorded } from "../helpers/recorded.js";

const HANDLER = "exports.handler = async (event) => ({ echoed: event });\n";

describe("Lambda conformance with recorded AWS answers", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  let raw: ReturnType<typeof rawAnswers>;
  let roleArn: string;
  const functionArn = (name: string) => `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`;

  before(async () => {
    emulator = await startTestEmulator();
    lambda = new LambdaClient(clientConfig(emulator));
    raw = rawAnswers(lambda);
    const sqsStatements = [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: "*" }];
    roleArn = await createExecutionRole(new IAMClient(clientConfig(emulator)), "conformance-fn-role", sqsStatements);
  });
  after(async () => {
    await emulator.stop();
  });

  const create = (FunctionName: string, extra: Record<string, unknown> = {}) =>
    lambda.send(new CreateFunctionCommand({ FunctionName, Runtime: "nodejs22.x", Role: roleArn, Handler: "index.handler", Code: { ZipFile: zipOf({ "index.js": HANDLER }) }, ...extra }));

  // "test_function_lifecycle": 201 with the recorded members, Pending then Active; the defaults
  it("CreateFunction answers 201 with the recorded configuration members and defaults", async () => {
    const created = await create("lifecycle-fn");
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.deepEqual(
      [created.FunctionArn, created.Version, created.PackageType, created.Architectures, created.MemorySize, created.Timeout, created.Description, created.EphemeralStorage, created.TracingConfig],
      [functionArn("lifecycle-fn"), "$LATEST", "Zip", ["x86_64"], 128, 3, "", { Size: 512 }, { Mode: "PassThrough" }],
    );
    assert.deepEqual(created.LoggingConfig, { LogFormat: "Text", LogGroup: "/aws/lambda/lifecycle-fn" });
    assert.deepEqual([created.State, created.StateReason, created.StateReasonCode], ["Pending", "The function is being created.", "Creating"]);
    assert.match(created.RevisionId!, /^[0-9a-f-]{36}$/);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "lifecycle-fn" }));
    assert.deepEqual([got.Configuration?.State, got.Configuration?.LastUpdateStatus, got.Code?.RepositoryType], ["Active", "Successful", "S3"]);
    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "lifecycle-fn" }));
    assert.equal(configuration.CodeSha256, created.CodeSha256);
  });

  // "test_ops_on_nonexisting_fn[delete_function]", "test_function_lifecycle" "delete_postdelete"
  it("a missing function is ResourceNotFoundException naming its ARN (404)", async () => {
    for (const send of [
      () => lambda.send(new GetFunctionCommand({ FunctionName: "no-such-fn" })),
      () => lambda.send(new DeleteFunctionCommand({ FunctionName: "no-such-fn" })),
    ]) {
      await rejectsAsRecorded(send(), { code: "ResourceNotFoundException", status: 404, message: `Function not found: ${functionArn("no-such-fn")}` });
    }
  });

  // "test_function_arns" "invalid_function_name_exc"
  it("refuses a function name that matches no pattern with ValidationException", async () => {
    await rejectsAsRecorded(lambda.send(new GetFunctionCommand({ FunctionName: "invalid:function:name" })), {
      code: "ValidationException",
      status: 400,
      message: /^1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    });
  });

  // "test_function_lifecycle" "update_func_conf_response": the update is answered InProgress
  it("UpdateFunctionConfiguration and UpdateFunctionCode answer the new configuration", async () => {
    await create("updated-fn");
    const updated = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "updated-fn", Description: "Changed-Description", Environment: { Variables: { ENV_A: "a" } } }));
    assert.deepEqual([updated.Description, updated.Environment?.Variables], ["Changed-Description", { ENV_A: "a" }]);
    assert.equal(updated.LastUpdateStatus, "InProgress");
    const code = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "updated-fn", ZipFile: zipOf({ "index.js": `${HANDLER}// v2\n` }) }));
    assert.notEqual(code.CodeSha256, updated.CodeSha256);
    const listed = await lambda.send(new ListFunctionsCommand({}));
    assert.ok(listed.Functions?.some((f) => f.FunctionName === "updated-fn"));
  });

  // "test_add_lambda_permission_aws", "test_remove_multi_permissions", "test_permission_exceptions"
  it("permissions: 201 with the statement, the policy document, and the recorded errors", async () => {
    await create("permitted-fn");
    await rejectsAsRecorded(lambda.send(new GetPolicyCommand({ FunctionName: "permitted-fn" })), {
      code: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
    await rejectsAsRecorded(lambda.send(new RemovePermissionCommand({ FunctionName: "permitted-fn", StatementId: "s3" })), {
      code: "ResourceNotFoundException",
      status: 404,
      message: "No policy is associated with the given resource.",
    });
    const added = await lambda.send(
      new AddPermissionCommand({ FunctionName: "permitted-fn", StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", SourceArn: "arn:aws:s3:::some-bucket" }),
    );
    assert.equal(added.$metadata.httpStatusCode, 201);
    assert.deepEqual(JSON.parse(added.Statement!), {
      Sid: "s3",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: functionArn("permitted-fn"),
      Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:s3:::some-bucket" } },
    });
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: "permitted-fn" }))).Policy!);
    assert.deepEqual([policy.Version, policy.Id, policy.Statement.length], ["2012-10-17", "default", 1]);
    await rejectsAsRecorded(lambda.send(new RemovePermissionCommand({ FunctionName: "permitted-fn", StatementId: "non-existent" })), {
      code: "ResourceNotFoundException",
      status: 404,
      message: "Statement non-existent is not found in resource policy.",
    });
    const removed = await lambda.send(new RemovePermissionCommand({ FunctionName: "permitted-fn", StatementId: "s3" }));
    assert.equal(removed.$metadata.httpStatusCode, 204);
    await rejectsAsRecorded(
      lambda.send(new AddPermissionCommand({ FunctionName: "doesnotexist", StatementId: "s", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com" })),
      { code: "ResourceNotFoundException", status: 404, message: `Function not found: ${functionArn("doesnotexist")}` },
    );
  });

  // "test_tag_lifecycle" (204 for tag and untag, untagging unknown keys is fine), "test_tag_exceptions"
  it("tags: 204 answers, merged sets, and the recorded refusals", async () => {
    await create("tagged-fn", { Tags: { key_a: "value_a" } });
    const arn = functionArn("tagged-fn");
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { key_a: "value_a" });
    assert.equal((await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { B: "tag-b", C: "tag-c" } }))).$metadata.httpStatusCode, 204);
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { C: "tag-c-newsuffix" } }));
    assert.equal((await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ["key_a", "nonexisting"] }))).$metadata.httpStatusCode, 204);
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { B: "tag-b", C: "tag-c-newsuffix" });
    assert.deepEqual((await lambda.send(new GetFunctionCommand({ FunctionName: "tagged-fn" }))).Tags, { B: "tag-b", C: "tag-c-newsuffix" });
    await rejectsAsRecorded(lambda.send(new TagResourceCommand({ Resource: functionArn("doesnotexist"), Tags: { a: "b" } })), {
      code: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${functionArn("doesnotexist")}`,
    });
    await rejectsAsRecorded(lambda.send(new TagResourceCommand({ Resource: `${arn}:alias`, Tags: { a: "b" } })), {
      code: "InvalidParameterValueException",
      status: 400,
      message: "Tags on function aliases and versions are not supported. Please specify a function ARN.",
    });
    await rejectsAsRecorded(lambda.send(new TagResourceCommand({ Resource: "arn:aws:something", Tags: { a: "b" } })), {
      code: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value 'arn:aws:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        "arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|" +
        "code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)",
    });
  });

  // Invoke (service model): 200, the payload, X-Amz-Executed-Version
  it("Invoke answers 200 with the handler's result and the executed version", async () => {
    await create("invoked-fn");
    const answer = await lambda.send(new InvokeCommand({ FunctionName: "invoked-fn", Payload: Buffer.from(JSON.stringify({ n: 1 })) }));
    assert.deepEqual([answer.StatusCode, answer.ExecutedVersion, answer.FunctionError], [200, "$LATEST", undefined]);
    assert.deepEqual(JSON.parse(Buffer.from(answer.Payload!).toString()), { echoed: { n: 1 } });
    assert.equal(raw.last().headers["x-amz-executed-version"], "$LATEST");
  });

  // "test_event_source_mapping_exceptions", ESM lifecycle (service model: 202 on create, update and delete)
  it("event source mappings: lifecycle status codes and the recorded unknown-UUID and unknown-source errors", async () => {
    await create("mapped-fn");
    const sqs = new SQSClient(clientConfig(emulator));
    await sqs.send(new CreateQueueCommand({ QueueName: "mapped-queue" }));
    const queueArn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:mapped-queue`;
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "mapped-fn", EventSourceArn: queueArn, BatchSize: 5 }));
    assert.equal(created.$metadata.httpStatusCode, 202);
    assert.deepEqual([created.EventSourceArn, created.FunctionArn, created.BatchSize], [queueArn, functionArn("mapped-fn"), 5]);
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).UUID, created.UUID);
    assert.deepEqual((await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "mapped-fn" }))).EventSourceMappings?.map((m) => m.UUID), [created.UUID]);
    const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 7 }));
    assert.deepEqual([updated.$metadata.httpStatusCode, updated.BatchSize], [202, 7]);
    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    const unknown = "00000000-0000-0000-0000-000000000000";
    for (const send of [
      () => lambda.send(new GetEventSourceMappingCommand({ UUID: unknown })),
      () => lambda.send(new UpdateEventSourceMappingCommand({ UUID: unknown, BatchSize: 2 })),
      () => lambda.send(new DeleteEventSourceMappingCommand({ UUID: unknown })),
    ]) {
      await rejectsAsRecorded(send(), { code: "ResourceNotFoundException", status: 404, message: "The resource you requested does not exist." });
    }
    await rejectsAsRecorded(lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "mapped-fn" })), {
      code: "InvalidParameterValueException",
      status: 400,
      message: "Unrecognized event source.",
    });
  });

  it("DeleteFunction answers 204, and the function is gone", async () => {
    await create("deleted-fn");
    assert.equal((await lambda.send(new DeleteFunctionCommand({ FunctionName: "deleted-fn" }))).$metadata.httpStatusCode, 204);
    await rejectsAsRecorded(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "deleted-fn" })), { code: "ResourceNotFoundException", status: 404 });
  });
});
