/**
 * IAM answers compared with recorded AWS answers (localstack
 * tests/aws/services/iam/test_iam.snapshot.json, tests validated on AWS), and
 * permissions boundaries proven end to end: a role session's requests are
 * refused outside its boundary even when its identity policy allows them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
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
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import { CreateQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { rejectsAsRecorded } from "../helpers/recorded.js";

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const listFunctions = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["lambda:ListFunctions"], Resource: ["*"] }],
});

describe("IAM conformance with recorded AWS answers", () => {
  let emulator: RunningEmulator;
  let iam: IAMClient;
  before(async () => {
    emulator = await startTestEmulator();
    iam = new IAMClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  // "test_create_describe_role", "test_role_with_tags"
  it("CreateRole, GetRole and ListRoles answer the recorded members for each view", async () => {
    const tags = [{ Key: "test", Value: "value" }];
    const created = (await iam.send(new CreateRoleCommand({ RoleName: "described", AssumeRolePolicyDocument: trust, Path: "/role-with-tags/", Tags: tags }))).Role!;
    assert.equal(created.Arn, `arn:aws:iam::${TEST_ACCOUNT}:role/role-with-tags/described`);
    assert.deepEqual(created.Tags, tags);
    assert.equal(created.MaxSessionDuration, undefined);
    assert.equal(created.RoleLastUsed, undefined);
    assert.match(created.RoleId!, /^AROA[A-Z0-9]{17}$/);
    assert.deepEqual(JSON.parse(decodeURIComponent(created.AssumeRolePolicyDocument!)), JSON.parse(trust));
    const got = (await iam.send(new GetRoleCommand({ RoleName: "described" }))).Role!;
    assert.deepEqual([got.MaxSessionDuration, got.RoleLastUsed, got.Tags], [3600, {}, tags]);
    const listed = await iam.send(new ListRolesCommand({ PathPrefix: "/role-with-tags/" }));
    assert.equal(listed.IsTruncated, false);
    assert.deepEqual(listed.Roles?.map((r) => [r.RoleName, r.MaxSessionDuration, r.Tags, r.RoleLastUsed]), [["described", 3600, undefined, undefined]]);
  });

  // "test_create_role_with_malformed_assume_role_policy_document"
  it("refuses a trust policy that is not JSON with MalformedPolicyDocument", async () => {
    await rejectsAsRecorded(iam.send(new CreateRoleCommand({ RoleName: "malformed", AssumeRolePolicyDocument: "{invalid json" })), {
      code: "MalformedPolicyDocumentException",
      status: 400,
      message: "This policy contains invalid Json",
    });
  });

  // "test_role_attach_policy": CreatePolicy's members, and AttachRolePolicy's two errors
  it("CreatePolicy answers the recorded members, and AttachRolePolicy refuses a non-ARN and a missing policy", async () => {
    const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: "list-fns", PolicyDocument: listFunctions }))).Policy!;
    assert.deepEqual(
      [policy.Arn, policy.AttachmentCount, policy.DefaultVersionId, policy.IsAttachable, policy.Path, policy.PermissionsBoundaryUsageCount, policy.PolicyName],
      [`arn:aws:iam::${TEST_ACCOUNT}:policy/list-fns`, 0, "v1", true, "/", 0, "list-fns"],
    );
    assert.ok(policy.CreateDate instanceof Date && policy.UpdateDate instanceof Date);
    assert.match(policy.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
    assert.equal(policy.Description, undefined);
    assert.equal(policy.Tags, undefined);
    await iam.send(new CreateRoleCommand({ RoleName: "attacher", AssumeRolePolicyDocument: trust }));
    for (const PolicyArn of ["longpolicynamebutnoarn", "list-fns"]) {
      await rejectsAsRecorded(iam.send(new AttachRolePolicyCommand({ RoleName: "attacher", PolicyArn })), {
        code: "ValidationError",
        status: 400,
        message: "Invalid ARN:  Could not be parsed!",
      });
    }
    await rejectsAsRecorded(iam.send(new AttachRolePolicyCommand({ RoleName: "attacher", PolicyArn: `${policy.Arn}123` })), {
      code: "NoSuchEntityException",
      status: 404,
      message: `Policy ${policy.Arn}123 does not exist or is not attachable.`,
    });
    const attached = await iam.send(new AttachRolePolicyCommand({ RoleName: "attacher", PolicyArn: policy.Arn }));
    assert.equal(attached.$metadata.httpStatusCode, 200);
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "attacher" }))).AttachedPolicies, [
      { PolicyName: "list-fns", PolicyArn: policy.Arn },
    ]);
    const read = (await iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }))).Policy!;
    assert.equal(read.AttachmentCount, 1);
    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: "v1" }))).PolicyVersion!;
    assert.deepEqual([version.VersionId, version.IsDefaultVersion], ["v1", true]);
    assert.deepEqual(JSON.parse(decodeURIComponent(version.Document!)), JSON.parse(listFunctions));
    await iam.send(new DetachRolePolicyCommand({ RoleName: "attacher", PolicyArn: policy.Arn }));
  });

  // "test_delete_non_existent_policy_returns_no_such_entity"
  it("DeletePolicy of a missing policy answers NoSuchEntity with its own wording", async () => {
    const arn = `arn:aws:iam::${TEST_ACCOUNT}:policy/non-existent-policy`;
    await rejectsAsRecorded(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), {
      code: "NoSuchEntityException",
      status: 404,
      message: `Policy ${arn} was not found.`,
    });
  });

  // "test_put_role_policy_encoding": the documents come back as written, URL-encoded
  it("PutRolePolicy and GetRolePolicy keep a percent-encoded resource as written", async () => {
    const target = encodeURIComponent("arn:aws:apigateway:us-east-1::/restapis/aaeeieije");
    const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["apigatway:PUT"], Resource: [`arn:aws:apigateway:us-east-1::/tags/${target}`] }] };
    await iam.send(new CreateRoleCommand({ RoleName: "encoded", AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "encoded", PolicyName: "tagging", PolicyDocument: JSON.stringify(document) }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: "encoded", PolicyName: "tagging" }));
    assert.deepEqual([got.RoleName, got.PolicyName], ["encoded", "tagging"]);
    assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument!)), document);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: "encoded" }))).PolicyNames, ["tagging"]);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "encoded", PolicyName: "tagging" }));
    await iam.send(new DeleteRoleCommand({ RoleName: "encoded" }));
  });

  // "test_update_assume_role_policy" (200, empty answer); UpdateRole, TagRole, UntagRole, ListRoleTags from the service model
  it("UpdateAssumeRolePolicy, UpdateRole and role tags answer as the model says", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "updated", AssumeRolePolicyDocument: trust }));
    const lambdaTrust = trust.replace("ec2.amazonaws.com", "lambda.amazonaws.com");
    assert.equal((await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "updated", PolicyDocument: lambdaTrust }))).$metadata.httpStatusCode, 200);
    await iam.send(new UpdateRoleCommand({ RoleName: "updated", Description: "changed", MaxSessionDuration: 7200 }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: "updated" }))).Role!;
    assert.deepEqual([role.Description, role.MaxSessionDuration], ["changed", 7200]);
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), JSON.parse(lambdaTrust));
    await iam.send(new TagRoleCommand({ RoleName: "updated", Tags: [{ Key: "team", Value: "a" }, { Key: "stage", Value: "dev" }] }));
    await iam.send(new UntagRoleCommand({ RoleName: "updated", TagKeys: ["team"] }));
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: "updated" }));
    assert.deepEqual([tags.Tags, tags.IsTruncated], [[{ Key: "stage", Value: "dev" }], false]);
  });

  describe("permissions boundaries", () => {
    let boundaryArn: string;
    const sendOnly = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] });
    const sqsEverything = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] });
    before(async () => {
      boundaryArn = (await iam.send(new CreatePolicyCommand({ PolicyName: "send-only-boundary", PolicyDocument: sendOnly }))).Policy!.Arn!;
    });

    // test_iam.py "test_create_user_with_permission_boundary" (validated): type "Policy" and the ARN; absent once deleted
    it("CreateRole stores the boundary, GetRole answers it, ListRoles leaves it out, DeleteRolePermissionsBoundary removes it", async () => {
      const created = (await iam.send(new CreateRoleCommand({ RoleName: "bounded", AssumeRolePolicyDocument: trust, PermissionsBoundary: boundaryArn }))).Role!;
      assert.deepEqual(created.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundaryArn });
      const got = (await iam.send(new GetRoleCommand({ RoleName: "bounded" }))).Role!;
      assert.deepEqual(got.PermissionsBoundary, { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundaryArn });
      // "test_list_roles_with_permission_boundary": ListRoles leaves the boundary out.
      const listed = (await iam.send(new ListRolesCommand({}))).Roles!.find((r) => r.RoleName === "bounded")!;
      assert.equal(listed.PermissionsBoundary, undefined);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: boundaryArn }))).Policy!.PermissionsBoundaryUsageCount, 1);
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "bounded" }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: "bounded" }))).Role!.PermissionsBoundary, undefined);
      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: boundaryArn }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: "bounded" }))).Role!.PermissionsBoundary?.PermissionsBoundaryArn, boundaryArn);
    });

    it("refuses a boundary that does not exist with AWS's Scope ARN message", async () => {
      const missing = `arn:aws:iam::${TEST_ACCOUNT}:policy/no-such-boundary`;
      await rejectsAsRecorded(iam.send(new CreateRoleCommand({ RoleName: "unbounded", AssumeRolePolicyDocument: trust, PermissionsBoundary: missing })), {
        code: "NoSuchEntityException",
        status: 404,
        message: `Scope ARN: ${missing} does not exist or is not attachable.`,
      });
      await rejectsAsRecorded(iam.send(new GetRoleCommand({ RoleName: "unbounded" })), { code: "NoSuchEntityException", status: 404 });
    });

    it("caps a role session's requests end to end: allowed by its policy, refused outside the boundary", async () => {
      const sqsAdmin = new SQSClient(clientConfig(emulator));
      const queueUrl = (await sqsAdmin.send(new CreateQueueCommand({ QueueName: "bounded-work" }))).QueueUrl!;
      await iam.send(new CreateRoleCommand({ RoleName: "worker", AssumeRolePolicyDocument: trust, PermissionsBoundary: boundaryArn }));
      await iam.send(new PutRolePolicyCommand({ RoleName: "worker", PolicyName: "sqs-all", PolicyDocument: sqsEverything }));
      const session = roleSession(emulator.hub, `arn:aws:iam::${TEST_ACCOUNT}:role/worker`, "bounded-session")!;
      const sqs = new SQSClient(clientConfig(emulator, { credentials: emulator.hub.credentials.issueSession(session) }));
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "inside the boundary" }));
      await rejectsAsRecorded(sqs.send(new CreateQueueCommand({ QueueName: "outside-the-boundary" })), {
        code: "AccessDenied",
        status: 403,
        message: /because no permissions boundary allows the sqs:CreateQueue action$/,
      });
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "worker" }));
      await sqs.send(new CreateQueueCommand({ QueueName: "outside-the-boundary" }));
    });
  });
});
