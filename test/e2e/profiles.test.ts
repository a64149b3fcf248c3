/**
 * AWS profiles as the AWS CLI reads them: endpoint_url (global and in a
 * services section) and AWS_ENDPOINT_URL_<SERVICE> send eda to an emulator
 * on port 0; a failing credential_process or an SSO session without a login
 * is reported with its own error. Temporary AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, HOME in the sandbox.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator } from "../helpers/emulator.js";
import { assertOneErrorLine, type CliRun, createSandbox, runEda, type Sandbox } from "../helpers/cli.js";
import { freePort } from "../helpers/targets.js";

const SERVICES = ["s3", "sns", "sqs", "iam", "lambda", "cloudwatch_logs", "sts"];

describe("AWS profiles", () => {
  let emulator: RunningEmulator;
  let sandbox: Sandbox;

  before(async () => {
    emulator = await startTestEmulator();
    sandbox = createSandbox();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const keys = "aws_access_key_id = test\naws_secret_access_key = test\n";
    writeFileSync(sandbox.env.AWS_SHARED_CREDENTIALS_FILE!, ["loc", "split", "envonly"].map((name) => `[${name}]\n${keys}`).join("\n"));
    writeFileSync(
      sandbox.env.AWS_CONFIG_FILE!,
      [
        `[profile loc]\nregion = us-east-1\nendpoint_url = ${emulator.endpoint}\n`,
        // The services section wins over the profile's endpoint_url, which points at nothing.
        `[profile split]\nregion = us-east-1\nendpoint_url = ${closed}\nservices = to-emulator\n`,
        `[services to-emulator]\n${SERVICES.map((service) => `${service} =\n  endpoint_url = ${emulator.endpoint}\n`).join("")}`,
        `[profile envonly]\nregion = us-east-1\n`,
        `[profile broken]\nregion = us-east-1\ncredential_process = sh -c "echo 'token expired: run corp-login' >&2; exit 3"\n`,
        `[profile sso]\nregion = us-east-1\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n`,
        `[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n`,
      ].join("\n"),
    );
  });
  after(async () => {
    await emulator.stop();
    await sandbox.dispose();
  });

  /** `eda status` reaches the emulator: it answers for a stack that is not set up there, in the emulator's account. */
  const reachesEmulator = (run: CliRun) => {
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /stack nothing-here is not set up in account 000000000000 \(us-east-1\)/);
  };

  it("a profile's endpoint_url sends every call there", async () => {
    reachesEmulator(await runEda(["status", "--profile", "loc", "--stack", "nothing-here"], sandbox.env));
  });

  it("a profile's services section gives each service its endpoint, over the profile's endpoint_url", async () => {
    reachesEmulator(await runEda(["status", "--profile", "split", "--stack", "nothing-here"], sandbox.env));
  });

  it("AWS_ENDPOINT_URL_<SERVICE> sends that service there", async () => {
    const env = { ...sandbox.env, ...Object.fromEntries(SERVICES.map((service) => [`AWS_ENDPOINT_URL_${service.toUpperCase()}`, emulator.endpoint])) };
    reachesEmulator(await runEda(["status", "--profile", "envonly", "--stack", "nothing-here"], env));
  });

  it("a failing credential_process is reported with its own error, exit 2", async () => {
    const run = await runEda(["status", "--profile", "broken", "--endpoint-url", emulator.endpoint], sandbox.env);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /^error: the credential_process of AWS profile "broken" failed: .*token expired: run corp-login/);
  });

  it("an SSO session without a login is reported with the SDK's advice, exit 2", async () => {
    const run = await runEda(["status", "--profile", "sso", "--endpoint-url", emulator.endpoint], sandbox.env);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /^error: AWS profile "sso" cannot provide credentials: .*aws sso login/);
  });
});
