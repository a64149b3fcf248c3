import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

describe("STS over the query protocol", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  it("answers GetCallerIdentity for the admin credentials", async () => {
    const sts = new STSClient(clientConfig(emulator));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, TEST_ACCOUNT);
    assert.equal(identity.Arn, `arn:aws:iam::${TEST_ACCOUNT}:root`);
    assert.ok(identity.$metadata.requestId);
  });

  it("refuses an unknown access key with InvalidClientTokenId", async () => {
    const sts = new STSClient(clientConfig(emulator, { credentials: { accessKeyId: "nobody", secretAccessKey: "x" } }));
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: "InvalidClientTokenId" });
  });

  it("refuses a wrong secret with SignatureDoesNotMatch", async () => {
    const sts = new STSClient(clientConfig(emulator, { credentials: { accessKeyId: "test", secretAccessKey: "wrong" } }));
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: "SignatureDoesNotMatch" });
  });
});
