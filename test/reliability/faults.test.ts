/**
 * eda under injected faults on the realistic profile (IAM propagation,
 * Pending functions, mappings in transition): a tenth of the CLI's calls to
 * every service are throttled or fail with a 5xx, and setup, test and
 * teardown still succeed, because the SDK retries what AWS calls retryable
 * (standard mode: exponential backoff with full jitter) and eda's own waits
 * add jitter too. A call refused every time is given up after five
 * attempts, and a non-retryable AccessDenied after one: one line, exit 1.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { cliEnv } from "../../bench/lib/workloads/crash-resume.js";
import { cliFaultPlan, faultedLifecycle, injectedTotal } from "../../bench/lib/workloads/faulted-lifecycle.js";
import { adminClients, emulatorStack } from "../../bench/lib/workloads/pipeline.js";
import { remainingResources } from "../../bench/lib/workloads/remaining-resources.js";
import { assertOneErrorLine, ensureHandlerBundles, runEda, temporaryEdaHome } from "../helpers/cli.js";
import { startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

/**
 * 10% of the CLI's calls to every service refused: 5% throttled, 3% 500s,
 * 2% 503s; functions' own calls are left alone. With five attempts per call
 * a run fails only if one call is refused five times in a row (about 1 in
 * 500 runs); the bench measures 10% and 20% over many runs.
 */
const FAULTS = cliFaultPlan(0.1, 2026);

describe("eda under injected throttling and server errors, realistic profile", () => {
  let emulator: RunningEmulator;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  const log: EmulatorLogEntry[] = [];

  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator({ profile: "realistic", faults: FAULTS, log: (entry) => log.push(entry) });
    edaHome = temporaryEdaHome();
  });
  after(async () => {
    await emulator?.stop();
    edaHome?.remove();
  });

  const admin = () => cliEnv(emulator.endpoint, edaHome.path, { accessKeyId: "test", secretAccessKey: "test" });

  it("setup, test and teardown succeed with a tenth of the CLI's calls refused", async (t) => {
    const cycle = await faultedLifecycle(emulator, edaHome.path, "eda-faults", FAULTS);
    assert.equal(cycle.failed, undefined);
    assert.deepEqual(cycle.remaining, [], "teardown left nothing");
    const { injected } = cycle;
    assert.ok((injected.throttle ?? 0) > 0 && (injected["server-error"] ?? 0) > 0 && (injected.unavailable ?? 0) > 0, `every kind was injected: ${JSON.stringify(injected)}`);
    t.diagnostic(`setup, test, teardown: all exit 0 after riding out ${injectedTotal(cycle)} injected faults (${JSON.stringify(injected)})`);
  });

  it("a call throttled every time is tried five times, then setup stops with one line, exit 1", async () => {
    emulator.hub.faults.set({ seed: 1, rules: [{ kind: "throttle", rate: 1, service: "s3", operation: "CreateBucket" }] });
    const run = await runEda(["setup", "--stack", "eda-throttled"], admin());
    const injected = emulator.hub.faults.counts();
    emulator.hub.faults.set(undefined);
    assert.equal(run.code, 1, run.stderr);
    assertOneErrorLine(run, /bucket eda-throttled-000000000000-us-east-1: SlowDown: Please reduce your request rate\..*run eda setup .*again once fixed/);
    assert.equal(injected.throttle, 5, "five attempts, then it gives up");
    const clients = adminClients(emulator.endpoint);
    try {
      assert.deepEqual(await remainingResources(clients, emulatorStack("eda-throttled")), [], "nothing was created after the bucket failed");
    } finally {
      for (const client of Object.values(clients)) client.destroy();
    }
  });

  it("a non-retryable AccessDenied is asked once and ends with one line, exit 1", async () => {
    emulator.hub.faults.set(undefined);
    const clients = adminClients(emulator.endpoint);
    try {
      await clients.iam.send(
        new CreateRoleCommand({
          RoleName: "eda-reader",
          AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: TEST_ACCOUNT }, Action: "sts:AssumeRole" }] }),
        }),
      );
      await clients.iam.send(
        new PutRolePolicyCommand({
          RoleName: "eda-reader",
          PolicyName: "list-only",
          PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }),
        }),
      );
    } finally {
      for (const client of Object.values(clients)) client.destroy();
    }
    const session = roleSession(emulator.hub, `arn:aws:iam::${TEST_ACCOUNT}:role/eda-reader`, "faults");
    assert.ok(session);
    const keys = emulator.hub.credentials.issueSession(session);
    emulator.hub.faults.set(FAULTS);
    const before = log.length;
    const run = await runEda(["setup", "--stack", "eda-refused"], { ...admin(), AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_SESSION_TOKEN: keys.sessionToken });
    emulator.hub.faults.set(undefined);
    assert.equal(run.code, 1, run.stderr);
    assertOneErrorLine(run, /AccessDenied: User: arn:aws:sts::000000000000:assumed-role\/eda-reader\/faults is not authorized to perform: s3:CreateBucket/);
    const denials = log.slice(before).filter((entry) => entry.message === "request denied" && entry.operation === "CreateBucket");
    assert.equal(denials.length, 1, "CreateBucket was refused once and not retried");
  });
});
