import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { checkServiceCanAssume, findRoleByArn, roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const trustFor = (service: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });

const logsFor = (group: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:${group}:*`,
      },
    ],
  });

const roleArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`;

/** A Logs client signing with temporary credentials of a session of `role`. */
function sessionLogsClient(emulator: RunningEmulator, role: string): CloudWatchLogsClient {
  const session = roleSession(emulator.hub, roleArn(role), "invocation-1");
  assert.ok(session, `role ${role} exists`);
  const { accessKeyId, secretAccessKey, sessionToken } = emulator.hub.credentials.issueSession(session);
  return new CloudWatchLogsClient(clientConfig(emulator, { credentials: { accessKeyId, secretAccessKey, sessionToken } }));
}

describe("role sessions are authorised by their role's policies", () => {
  let emulator: RunningEmulator;
  let iam: IAMClient;
  let logs: CloudWatchLogsClient;
  before(async () => {
    emulator = await startTestEmulator();
    iam = new IAMClient(clientConfig(emulator));
    logs = new CloudWatchLogsClient(clientConfig(emulator));
    await iam.send(new CreateRoleCommand({ RoleName: "fn-role", AssumeRolePolicyDocument: trustFor("lambda.amazonaws.com") }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "fn-role", PolicyName: "logs", PolicyDocument: logsFor("/aws/lambda/f") }));
    for (const group of ["/aws/lambda/f", "/aws/lambda/other"]) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    }
  });
  after(async () => {
    await emulator.stop();
  });

  it("lets the session write to its own log group", async () => {
    const session = sessionLogsClient(emulator, "fn-role");
    await session.send(new CreateLogStreamCommand({ logGroupName: "/aws/lambda/f", logStreamName: "2026/01/01/[$LATEST]a" }));
    const result = await session.send(
      new PutLogEventsCommand({ logGroupName: "/aws/lambda/f", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "hello" }] }),
    );
    assert.ok(result.nextSequenceToken);
  });

  it("refuses another group with AccessDeniedException and AWS's message", async () => {
    const session = sessionLogsClient(emulator, "fn-role");
    await assert.rejects(
      session.send(
        new PutLogEventsCommand({ logGroupName: "/aws/lambda/other", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "x" }] }),
      ),
      (error: any) => {
        assert.equal(error.name, "AccessDeniedException");
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.equal(
          error.message,
          `User: arn:aws:sts::${TEST_ACCOUNT}:assumed-role/fn-role/invocation-1 is not authorized to perform: logs:PutLogEvents` +
            ` on resource: arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/lambda/other:log-stream:s` +
            " because no identity-based policy allows the logs:PutLogEvents action",
        );
        return true;
      },
    );
  });

  it("refuses CreateLogGroup, which the inline policy does not grant, on the group-level resource", async () => {
    const session = sessionLogsClient(emulator, "fn-role");
    await assert.rejects(session.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/f2" })), (error: any) => {
      assert.equal(error.name, "AccessDeniedException");
      assert.match(error.message, /logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:\d{12}:log-group:\/aws\/lambda\/f2:log-stream: /);
      return true;
    });
  });

  it("grants what an attached AWS managed policy allows", async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: "fn-role", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }));
    const session = sessionLogsClient(emulator, "fn-role");
    await session.send(
      new PutLogEventsCommand({ logGroupName: "/aws/lambda/other", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "x" }] }),
    );
    await iam.send(new DetachRolePolicyCommand({ RoleName: "fn-role", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }));
  });

  it("gives sessions of a deleted role none of a re-created role's permissions", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "reborn", AssumeRolePolicyDocument: trustFor("lambda.amazonaws.com") }));
    const oldSession = sessionLogsClient(emulator, "reborn");
    await iam.send(new DeleteRoleCommand({ RoleName: "reborn" }));
    await iam.send(new CreateRoleCommand({ RoleName: "reborn", AssumeRolePolicyDocument: trustFor("lambda.amazonaws.com") }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "reborn", PolicyName: "logs", PolicyDocument: logsFor("/aws/lambda/f") }));
    await assert.rejects(
      oldSession.send(new PutLogEventsCommand({ logGroupName: "/aws/lambda/f", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "x" }] })),
      { name: "AccessDeniedException" },
    );
    const newSession = sessionLogsClient(emulator, "reborn");
    await newSession.send(
      new PutLogEventsCommand({ logGroupName: "/aws/lambda/f", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "x" }] }),
    );
  });

  it("looks roles up by exact ARN and says who may assume them", () => {
    const view = findRoleByArn(emulator.hub, roleArn("fn-role"));
    assert.equal(view?.roleName, "fn-role");
    assert.match(view?.roleId ?? "", /^AROA/);
    assert.equal(findRoleByArn(emulator.hub, `arn:aws:iam::${TEST_ACCOUNT}:role/other-path/fn-role`), undefined);
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("fn-role"), "lambda.amazonaws.com"), "ok");
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("fn-role"), "states.amazonaws.com"), "not-trusted");
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("missing"), "lambda.amazonaws.com"), "no-such-role");
  });
});

describe("IAM eventual consistency in the realistic profile", () => {
  const clock = new ManualClock();
  let emulator: RunningEmulator;
  let iam: IAMClient;
  let logs: CloudWatchLogsClient;
  let delay: number;
  before(async () => {
    emulator = await startTestEmulator({ profile: "realistic", clock });
    delay = emulator.hub.settings.delays.iamPropagationMs;
    iam = new IAMClient(clientConfig(emulator));
    logs = new CloudWatchLogsClient(clientConfig(emulator));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/f" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/aws/lambda/f", logStreamName: "s" }));
  });
  after(async () => {
    await emulator.stop();
  });

  const put = (client: CloudWatchLogsClient) =>
    client.send(new PutLogEventsCommand({ logGroupName: "/aws/lambda/f", logStreamName: "s", logEvents: [{ timestamp: clock.now(), message: "m" }] }));

  it("makes a new role assumable only after the propagation delay", async () => {
    assert.ok(delay > 0);
    await iam.send(new CreateRoleCommand({ RoleName: "slow", AssumeRolePolicyDocument: trustFor("lambda.amazonaws.com") }));
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "lambda.amazonaws.com"), "propagating");
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "sns.amazonaws.com"), "not-trusted");
    clock.advance(delay - 1);
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "lambda.amazonaws.com"), "propagating");
    clock.advance(1);
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "lambda.amazonaws.com"), "ok");
  });

  it("keeps the previous trust policy in force until an update propagates", async () => {
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "slow", PolicyDocument: trustFor("sns.amazonaws.com") }));
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "lambda.amazonaws.com"), "ok");
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "sns.amazonaws.com"), "propagating");
    clock.advance(delay);
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "lambda.amazonaws.com"), "not-trusted");
    assert.equal(checkServiceCanAssume(emulator.hub, roleArn("slow"), "sns.amazonaws.com"), "ok");
  });

  it("applies a new inline policy to authorisation only after the delay", async () => {
    const session = sessionLogsClient(emulator, "slow");
    await iam.send(new PutRolePolicyCommand({ RoleName: "slow", PolicyName: "logs", PolicyDocument: logsFor("/aws/lambda/f") }));
    await assert.rejects(put(session), { name: "AccessDeniedException" });
    clock.advance(delay);
    await put(session);
  });

  it("keeps a deleted inline policy in force until the deletion propagates", async () => {
    const session = sessionLogsClient(emulator, "slow");
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "slow", PolicyName: "logs" }));
    await put(session);
    clock.advance(delay);
    await assert.rejects(put(session), { name: "AccessDeniedException" });
  });

  it("applies attach and detach of managed policies after the delay", async () => {
    const session = sessionLogsClient(emulator, "slow");
    const basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    await iam.send(new AttachRolePolicyCommand({ RoleName: "slow", PolicyArn: basic }));
    await assert.rejects(put(session), { name: "AccessDeniedException" });
    clock.advance(delay);
    await put(session);
    await iam.send(new DetachRolePolicyCommand({ RoleName: "slow", PolicyArn: basic }));
    await put(session);
    clock.advance(delay);
    await assert.rejects(put(session), { name: "AccessDeniedException" });
  });
});
