/**
 * Lambda assumes a function's execution role through sts:AssumeRole, as
 * lambda.amazonaws.com acting for the function: the role's trust policy
 * decides, aws:SourceArn conditions included, and the function's code runs
 * as an assumed-role session of that role.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { zipOf } from "../helpers/lambda.js";

const WHO_AM_I = `
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
const sts = new STSClient({});
export const handler = async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn;
`;

describe("Lambda execution roles assumed through STS", () => {
  let emulator: RunningEmulator;
  let iam: IAMClient;
  let lambda: LambdaClient;
  let sts: STSClient;
  let roleArn: string;
  const functionArn = (name: string) => `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`;

  before(async () => {
    emulator = await startTestEmulator();
    iam = new IAMClient(clientConfig(emulator));
    lambda = new LambdaClient(clientConfig(emulator));
    sts = new STSClient(clientConfig(emulator));
    // Trusts Lambda only when it acts for the function "trusted" (or "t", a one-character name).
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { ArnLike: { "aws:SourceArn": [functionArn("trusted"), functionArn("t")] } },
        },
      ],
    };
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "only-trusted", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    roleArn = Role!.Arn!;
  });
  after(async () => {
    await emulator.stop();
  });

  const create = (name: string) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: roleArn,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.mjs": WHO_AM_I }) },
      }),
    );

  it("runs the function the trust policy names as a session of its role", async () => {
    await create("trusted");
    const output = await lambda.send(new InvokeCommand({ FunctionName: "trusted" }));
    assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
    assert.equal(JSON.parse(Buffer.from(output.Payload!).toString()), `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/only-trusted/trusted`);
  });

  it("runs a function whose name is one character, although STS wants session names of two or more", async () => {
    await create("t");
    const output = await lambda.send(new InvokeCommand({ FunctionName: "t" }));
    assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
    assert.equal(JSON.parse(Buffer.from(output.Payload!).toString()), `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/only-trusted/t.`);
  });

  it("refuses a function the trust policy does not name", async () => {
    await assert.rejects(create("stranger"), (error: Error) => {
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /cannot be assumed by Lambda/);
      return true;
    });
  });

  it("answers AssumeRole over the wire with a working session, within the role's maximum duration", async () => {
    const { Credentials, AssumedRoleUser } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "probe" }));
    assert.equal(AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/only-trusted/probe`);
    const session = new STSClient(
      clientConfig(emulator, {
        credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
      }),
    );
    const identity = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, AssumedRoleUser?.Arn);

    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "long", DurationSeconds: 7200 })), (error: Error) => {
      assert.equal(error.name, "ValidationError");
      assert.match(error.message, /MaxSessionDuration/);
      return true;
    });
  });
});
