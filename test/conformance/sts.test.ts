/**
 * STS GetCallerIdentity, the one STS operation the emulator implements,
 * checked against the service model and AWS's documented identities
 * (GetCallerIdentity API reference examples): the account's root for its own
 * keys, the assumed-role ARN and "<role id>:<session>" for a role session.
 * No validated recording exists (localstack marks its GetCallerIdentity tests
 * only_localstack).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { rejectsAsRecorded } from "../helpers/recorded.js";

describe("STS conformance with the service model", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  it("answers the root identity for the account's own keys", async () => {
    const identity = await new STSClient(clientConfig(emulator)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([identity.Account, identity.Arn, identity.UserId], [TEST_ACCOUNT, `arn:aws:iam::${TEST_ACCOUNT}:root`, TEST_ACCOUNT]);
  });

  it("answers the assumed-role identity for a role session, which needs no permission", async () => {
    const iam = new IAMClient(clientConfig(emulator));
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const role = (await iam.send(new CreateRoleCommand({ RoleName: "who-am-i", AssumeRolePolicyDocument: trust }))).Role!;
    const session = roleSession(emulator.hub, role.Arn!, "probe")!;
    const sts = new STSClient(clientConfig(emulator, { credentials: emulator.hub.credentials.issueSession(session) }));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual(
      [identity.Account, identity.Arn, identity.UserId],
      [TEST_ACCOUNT, `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/who-am-i/probe`, `${role.RoleId}:probe`],
    );
  });

  it("refuses unknown access keys with InvalidClientTokenId (403)", async () => {
    const sts = new STSClient(clientConfig(emulator, { credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" } }));
    await rejectsAsRecorded(sts.send(new GetCallerIdentityCommand({})), { code: "InvalidClientTokenId", status: 403 });
  });
});
