import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const run = promisify(execFile);

const BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const SQS_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";

const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

const logsPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/lambda/f:*`,
    },
  ],
});

describe("IAM roles over the query protocol", () => {
  let emulator: RunningEmulator;
  let iam: IAMClient;
  before(async () => {
    emulator = await startTestEmulator();
    iam = new IAMClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  it("creates a role with an AROA id, a path in its ARN and the trust policy URL-encoded", async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: "consumer-a",
        Path: "/eda/",
        AssumeRolePolicyDocument: lambdaTrust,
        Description: "consumer A",
        Tags: [{ Key: "app", Value: "eda" }],
      }),
    );
    assert.match(Role?.RoleId ?? "", /^AROA[A-Z0-9]{17}$/);
    assert.equal(Role?.Arn, `arn:aws:iam::${TEST_ACCOUNT}:role/eda/consumer-a`);
    assert.equal(Role?.Path, "/eda/");
    assert.ok(Role?.CreateDate instanceof Date);
    assert.equal(Role?.AssumeRolePolicyDocument, encodeURIComponent(lambdaTrust));
    assert.deepEqual(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? "")), JSON.parse(lambdaTrust));
    assert.deepEqual(Role?.Tags, [{ Key: "app", Value: "eda" }]);
  });

  it("GetRole shows description, session duration and tags", async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "consumer-a" }));
    assert.equal(Role?.Description, "consumer A");
    assert.equal(Role?.MaxSessionDuration, 3600);
    assert.deepEqual(Role?.Tags, [{ Key: "app", Value: "eda" }]);
    assert.equal(Role?.AssumeRolePolicyDocument, encodeURIComponent(lambdaTrust));
  });

  it("refuses a second role of the same name, whatever its case, with EntityAlreadyExists (409)", async () => {
    for (const name of ["consumer-a", "CONSUMER-A"]) {
      await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: lambdaTrust })), (error: any) => {
        assert.equal(error.name, "EntityAlreadyExistsException");
        assert.equal(error.$metadata.httpStatusCode, 409);
        return true;
      });
    }
  });

  it("answers NoSuchEntity (404) for an unknown role", async () => {
    await assert.rejects(iam.send(new GetRoleCommand({ RoleName: "nobody" })), (error: any) => {
      assert.equal(error.name, "NoSuchEntityException");
      assert.equal(error.message, "The role with name nobody cannot be found.");
      assert.equal(error.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  it("validates role names: characters and at most 64 of them", async () => {
    await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: "has space", AssumeRolePolicyDocument: lambdaTrust })), {
      name: "ValidationError",
    });
    await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: "r".repeat(65), AssumeRolePolicyDocument: lambdaTrust })), {
      name: "ValidationError",
    });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "r".repeat(64), AssumeRolePolicyDocument: lambdaTrust }));
    assert.equal(Role?.RoleName?.length, 64);
    await iam.send(new DeleteRoleCommand({ RoleName: "r".repeat(64) }));
  });

  it("refuses malformed trust policies with MalformedPolicyDocument", async () => {
    const bad = [
      "{not json",
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] }),
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage" }] }),
    ];
    for (const document of bad) {
      await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: "malformed", AssumeRolePolicyDocument: document })), (error: any) => {
        assert.equal(error.name, "MalformedPolicyDocumentException");
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      });
    }
  });

  it("lists roles by path prefix and pages with Marker and MaxItems", async () => {
    for (const name of ["page-1", "page-2", "page-3", "page-4", "page-5"]) {
      await iam.send(new CreateRoleCommand({ RoleName: name, Path: "/paged/", AssumeRolePolicyDocument: lambdaTrust }));
    }
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker: marker }));
      names.push(...(page.Roles ?? []).map((role) => role.RoleName ?? ""));
      assert.equal(page.IsTruncated, page.Marker !== undefined);
      marker = page.Marker;
      pages++;
    } while (marker);
    assert.deepEqual(names, ["page-1", "page-2", "page-3", "page-4", "page-5"]);
    assert.equal(pages, 3);
    const all = await iam.send(new ListRolesCommand({}));
    assert.ok(all.Roles?.some((role) => role.RoleName === "consumer-a"));
  });

  it("updates the description, session duration and trust policy", async () => {
    await iam.send(new UpdateRoleCommand({ RoleName: "consumer-a", Description: "renamed", MaxSessionDuration: 7200 }));
    const snsTrust = lambdaTrust.replace("lambda.amazonaws.com", "sns.amazonaws.com");
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "consumer-a", PolicyDocument: snsTrust }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "consumer-a" }));
    assert.equal(Role?.Description, "renamed");
    assert.equal(Role?.MaxSessionDuration, 7200);
    assert.equal(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ""), snsTrust);
    await assert.rejects(iam.send(new UpdateRoleCommand({ RoleName: "consumer-a", MaxSessionDuration: 60 })), { name: "ValidationError" });
  });

  it("tags, lists and untags a role", async () => {
    await iam.send(new TagRoleCommand({ RoleName: "consumer-a", Tags: [{ Key: "team", Value: "data" }, { Key: "app", Value: "eda2" }] }));
    let tags = (await iam.send(new ListRoleTagsCommand({ RoleName: "consumer-a" }))).Tags;
    assert.deepEqual(tags, [{ Key: "app", Value: "eda2" }, { Key: "team", Value: "data" }]);
    await iam.send(new UntagRoleCommand({ RoleName: "consumer-a", TagKeys: ["app", "absent"] }));
    tags = (await iam.send(new ListRoleTagsCommand({ RoleName: "consumer-a" }))).Tags;
    assert.deepEqual(tags, [{ Key: "team", Value: "data" }]);
    // Keys are case-insensitive: a case variant replaces the tag, and may not appear twice in one request.
    await iam.send(new TagRoleCommand({ RoleName: "consumer-a", Tags: [{ Key: "TEAM", Value: "platform" }] }));
    tags = (await iam.send(new ListRoleTagsCommand({ RoleName: "consumer-a" }))).Tags;
    assert.deepEqual(tags, [{ Key: "TEAM", Value: "platform" }]);
    await assert.rejects(
      iam.send(new TagRoleCommand({ RoleName: "consumer-a", Tags: [{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }] })),
      { name: "InvalidInputException" },
    );
  });

  it("stores inline policies and returns them URL-encoded", async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: "consumer-a", PolicyName: "logs", PolicyDocument: logsPolicy }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: "consumer-a", PolicyName: "logs" }));
    assert.equal(got.RoleName, "consumer-a");
    assert.equal(got.PolicyDocument, encodeURIComponent(logsPolicy));
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ""), logsPolicy);
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: "consumer-a" }));
    assert.deepEqual(listed.PolicyNames, ["logs"]);
    await assert.rejects(iam.send(new GetRolePolicyCommand({ RoleName: "consumer-a", PolicyName: "absent" })), { name: "NoSuchEntityException" });
  });

  it("refuses an identity policy that names a Principal", async () => {
    const withPrincipal = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*" }],
    });
    await assert.rejects(iam.send(new PutRolePolicyCommand({ RoleName: "consumer-a", PolicyName: "bad", PolicyDocument: withPrincipal })), {
      name: "MalformedPolicyDocumentException",
      message: "Policy document should not specify a principal.",
    });
  });

  it("attaches AWS managed Lambda policies and serves their real documents", async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: BASIC_EXECUTION }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: SQS_EXECUTION }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: SQS_EXECUTION }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "consumer-a" }));
    assert.deepEqual(attached.AttachedPolicies, [
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: BASIC_EXECUTION },
      { PolicyName: "AWSLambdaSQSQueueExecutionRole", PolicyArn: SQS_EXECUTION },
    ]);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: SQS_EXECUTION }));
    assert.equal(Policy?.DefaultVersionId, "v1");
    assert.equal(Policy?.AttachmentCount, 1);
    assert.equal(Policy?.Path, "/service-role/");
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: SQS_EXECUTION, VersionId: "v1" }));
    assert.equal(PolicyVersion?.IsDefaultVersion, true);
    const document = JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? ""));
    assert.deepEqual(document.Statement[0].Action, [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
    assert.equal(document.Statement[0].Resource, "*");
  });

  it("answers NoSuchEntity for unknown policy ARNs and versions", async () => {
    const unknown = "arn:aws:iam::aws:policy/service-role/NoSuchPolicy";
    await assert.rejects(iam.send(new AttachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: unknown })), { name: "NoSuchEntityException" });
    await assert.rejects(iam.send(new GetPolicyCommand({ PolicyArn: unknown })), { name: "NoSuchEntityException" });
    await assert.rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: BASIC_EXECUTION, VersionId: "v9" })), { name: "NoSuchEntityException" });
    // AWS answers a value that is not an ARN at all with ValidationError (localstack test_iam.snapshot.json "test_role_attach_policy").
    await assert.rejects(iam.send(new AttachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: "not-an-arn" })), {
      name: "ValidationError",
      message: "Invalid ARN:  Could not be parsed!",
    });
  });

  it("refuses DeleteRole while inline or attached policies remain, then deletes", async () => {
    await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: "consumer-a" })), (error: any) => {
      assert.equal(error.name, "DeleteConflictException");
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.equal(error.message, "Cannot delete entity, must delete policies first.");
      return true;
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "consumer-a", PolicyName: "logs" }));
    await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: "consumer-a" })), {
      name: "DeleteConflictException",
      message: "Cannot delete entity, must detach all policies first.",
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: BASIC_EXECUTION }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: SQS_EXECUTION }));
    await assert.rejects(iam.send(new DetachRolePolicyCommand({ RoleName: "consumer-a", PolicyArn: SQS_EXECUTION })), { name: "NoSuchEntityException" });
    await iam.send(new DeleteRoleCommand({ RoleName: "consumer-a" }));
    await assert.rejects(iam.send(new GetRoleCommand({ RoleName: "consumer-a" })), { name: "NoSuchEntityException" });
    await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: "consumer-a" })), { name: "NoSuchEntityException" });
  });

  it("creates customer managed policies and refuses to delete them while attached", async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "eda-logs", PolicyDocument: logsPolicy, Description: "logs" }));
    assert.equal(Policy?.Arn, `arn:aws:iam::${TEST_ACCOUNT}:policy/eda-logs`);
    assert.match(Policy?.PolicyId ?? "", /^ANPA[A-Z0-9]{17}$/);
    await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: "eda-logs", PolicyDocument: logsPolicy })), {
      name: "EntityAlreadyExistsException",
    });
    await iam.send(new CreateRoleCommand({ RoleName: "consumer-b", AssumeRolePolicyDocument: lambdaTrust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "consumer-b", PolicyArn: Policy?.Arn }));
    await assert.rejects(iam.send(new DeletePolicyCommand({ PolicyArn: Policy?.Arn })), { name: "DeleteConflictException" });
    await iam.send(new DetachRolePolicyCommand({ RoleName: "consumer-b", PolicyArn: Policy?.Arn }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: Policy?.Arn }));
    await assert.rejects(iam.send(new GetPolicyCommand({ PolicyArn: Policy?.Arn })), { name: "NoSuchEntityException" });
  });

  it("is readable by boto3, which decodes the documents itself", async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: "consumer-b", PolicyName: "logs", PolicyDocument: logsPolicy }));
    const script = [
      "import boto3, json, sys",
      `iam = boto3.client('iam', endpoint_url='${emulator.endpoint}')`,
      "role = iam.get_role(RoleName='consumer-b')['Role']",
      "policy = iam.get_role_policy(RoleName='consumer-b', PolicyName='logs')",
      "print(json.dumps({'trust': role['AssumeRolePolicyDocument'], 'policy': policy['PolicyDocument'], 'arn': role['Arn']}))",
    ].join("\n");
    const { stdout } = await run("python3", ["-c", script], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_DEFAULT_REGION: "us-east-1" },
    });
    const result = JSON.parse(stdout);
    assert.deepEqual(result.trust, JSON.parse(lambdaTrust));
    assert.deepEqual(result.policy, JSON.parse(logsPolicy));
    assert.equal(result.arn, `arn:aws:iam::${TEST_ACCOUNT}:role/consumer-b`);
  });
});
