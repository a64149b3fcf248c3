/**
 * setup / status / teardown against eda's embedded emulator: the same suites
 * as against moto, plus what only the emulator can show: a bucket name
 * taken by another account, and AWS's eventual consistency (the realistic
 * profile: IAM propagation, Pending functions, mappings in transition).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { HeadBucketCommand, S3Client, CreateBucketCommand } from "@aws-sdk/client-s3";
import { ManualClock } from "../../src/emulator/clock.js";
import type { EmulatorOptions } from "../../src/emulator/emulator.js";
import { adminPrincipal } from "../../src/emulator/policy/principal.js";
import { UsageError } from "../../src/core/errors.js";
import { setup } from "../../src/core/provision/setup.js";
import { teardown } from "../../src/core/provision/teardown.js";
import { startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { remainingResources } from "../../bench/lib/workloads/remaining-resources.js";
import { ensureHandlerBundles, finished, jsonLines, onStdoutLine, runEda, spawnEda, temporaryEdaHome } from "../helpers/cli.js";
import { describeInterruptedSetup, describeLifecycle } from "../helpers/setup-lifecycle.js";
import { clientsFor, cliEnvironment, configFor, contextFor, REGION, stepEnds, type Target, virtualCoreClock } from "../helpers/targets.js";

const FOREIGN_ACCOUNT = "111111111111";
const FOREIGN_CREDENTIALS = { accessKeyId: "foreign", secretAccessKey: "foreign-secret" };

async function startEmulatorTarget(options: EmulatorOptions = {}): Promise<Target> {
  const emulator = await startTestEmulator(options);
  emulator.hub.credentials.addPermanent(FOREIGN_CREDENTIALS.accessKeyId, FOREIGN_CREDENTIALS.secretAccessKey, adminPrincipal(FOREIGN_ACCOUNT));
  const foreignS3 = new S3Client({ endpoint: emulator.endpoint, region: REGION, credentials: FOREIGN_CREDENTIALS, forcePathStyle: true });
  return {
    name: "emulator",
    endpoint: emulator.endpoint,
    account: TEST_ACCOUNT,
    async createForeignBucket(name) {
      await foreignS3.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: () => emulator.stop(),
  };
}

describe("eda setup, status and teardown against the embedded emulator", () => describeLifecycle(() => startEmulatorTarget()));

describe("eda setup killed with SIGKILL, against the embedded emulator", () => describeInterruptedSetup(() => startEmulatorTarget()));

describe("a bucket name another account owns", () => {
  const stack = "eda-taken";
  let target: Target;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  before(async () => {
    ensureHandlerBundles();
    target = await startEmulatorTarget();
    edaHome = temporaryEdaHome();
  });
  after(async () => {
    await target?.stop();
    edaHome?.remove();
  });

  it("stops setup with one clear line and exit 1, before anything else is created", async () => {
    const config = configFor(target, stack);
    await target.createForeignBucket(config.bucket.name);
    const run = await runEda(["setup", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(run.code, 1);
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("error:"));
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0]!, new RegExp(`bucket name ${config.bucket.name} is already taken by another AWS account .*choose another --stack name`));
    assert.ok(!run.stderr.includes("    at "), "no stack trace");
    // The bucket is claimed first, so nothing else exists; teardown then leaves the other account's bucket alone.
    assert.deepEqual(await remainingResources(clientsFor(target), config), [`bucket ${config.bucket.name}`]);
    const cleanup = await runEda(["teardown", "--yes", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(cleanup.code, 0, cleanup.stderr);
    assert.match(cleanup.stdout, /there was nothing to delete/);
    const foreign = new S3Client({ endpoint: target.endpoint, region: REGION, credentials: FOREIGN_CREDENTIALS, forcePathStyle: true });
    await foreign.send(new HeadBucketCommand({ Bucket: config.bucket.name }));
  });
});

describe("the realistic consistency profile", () => {
  const stack = "eda-real";
  // Virtual time: the emulator's delays are real AWS-like seconds, passed by the core's waits without sleeping.
  const clock = new ManualClock(Date.now());
  let target: Target;
  before(async () => {
    ensureHandlerBundles();
    target = await startEmulatorTarget({ profile: "realistic", clock });
  });
  after(async () => {
    await target?.stop();
  });

  it("setup waits out IAM propagation and Lambda's states, visibly, and converges", async () => {
    const { ctx, events } = contextFor(target, stack, virtualCoreClock(clock));
    const result = await setup(ctx);
    assert.equal(result.ok, true, result.summary);
    const progress = events.events.flatMap((event) => (event.type === "step-progress" ? [`${event.id}: ${event.message}`] : []));
    assert.ok(progress.some((line) => /^function:\w+: function eda-real-\w+: (retrying: the new role is not yet assumable|waiting: function is Pending)/.test(line)), progress.join("\n"));
    assert.ok(progress.some((line) => /^mapping:\w+: event source mapping .+: waiting: mapping is (Creating|Enabling)/.test(line)), progress.join("\n"));

    const again = contextFor(target, stack, virtualCoreClock(clock));
    const rerun = await setup(again.ctx);
    assert.equal(rerun.summary, "stack eda-real: no changes (all 22 resources already as planned)");
    assert.deepEqual(stepEnds(again.events.events).filter((event) => event.outcome !== "unchanged"), []);
  });

  it("teardown waits for the mappings to be deleted and leaves nothing", async () => {
    const { ctx, events } = contextFor(target, stack, virtualCoreClock(clock));
    const result = await teardown(ctx);
    assert.equal(result.ok, true, result.summary);
    const progress = events.events.flatMap((event) => (event.type === "step-progress" ? [`${event.id}: ${event.message}`] : []));
    assert.ok(progress.some((line) => /^mapping:\w+: event source mapping .+: waiting: mapping is Deleting/.test(line)), progress.join("\n"));
    assert.deepEqual(await remainingResources(clientsFor(target), configFor(target, stack)), []);
  });
});

describe("Ctrl-C during setup", () => {
  const stack = "eda-ctrlc";
  let target: Target;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  before(async () => {
    ensureHandlerBundles();
    // AWS-like delays, shortened: the CLI runs in its own process on real time.
    target = await startEmulatorTarget({
      profile: "realistic",
      delays: { iamPropagationMs: 1500, functionPendingMs: 500, functionUpdateMs: 500, mappingTransitionMs: 500 },
    });
    edaHome = temporaryEdaHome();
  });
  after(async () => {
    await target?.stop();
    edaHome?.remove();
  });

  it("stops cleanly in the middle of a wait (exit 130), and the next run finishes the job", async () => {
    const child = spawnEda(["setup", "--json", "--stack", stack], cliEnvironment(target, edaHome.path));
    let interrupted = false;
    onStdoutLine(child, (line) => {
      // The first visible wait: IAM propagation or a Pending function.
      if (!interrupted && /"type":"step-progress".*"message":"[^"]*: (waiting|retrying):/.test(line)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    const run = await finished(child);
    assert.ok(interrupted, "setup reached a wait");
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /^error: interrupted$/m);
    const result = jsonLines(run.stdout).at(-1)!;
    assert.equal(result.type, "result");
    assert.equal(result.ok, false);

    const rerun = await runEda(["setup", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /stack eda-ctrlc is ready: created \d+, updated \d+, unchanged [1-9]\d*/);
  });
});

describe("a missing handler bundle", () => {
  it("stops setup with a usage error before anything is created", async () => {
    const target = await startEmulatorTarget();
    try {
      const { ctx } = contextFor(target, "eda-nobundle");
      const missing = async () => {
        throw new UsageError("handler bundle dist/handlers/inventory/index.mjs is missing: run npm run build");
      };
      await assert.rejects(setup(ctx, { handlerCode: missing }), { name: "UsageError", message: /run npm run build/ });
      assert.deepEqual(await remainingResources(clientsFor(target), configFor(target, "eda-nobundle")), []);
    } finally {
      await target.stop();
    }
  });
});

describe("teardown asks before it deletes", () => {
  const stack = "eda-ask";
  let created: string[];
  let target: Target;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  before(async () => {
    ensureHandlerBundles();
    target = await startEmulatorTarget();
    edaHome = temporaryEdaHome();
    const result = await setup(contextFor(target, stack).ctx);
    assert.equal(result.ok, true, result.summary);
    created = await remainingResources(clientsFor(target), configFor(target, stack));
    assert.equal(created.length, 16);
  });
  after(async () => {
    await target?.stop();
    edaHome?.remove();
  });

  it("names the stack, bucket and account, and deletes nothing when the answer is no", async () => {
    const questions: string[] = [];
    const result = await teardown(contextFor(target, stack).ctx, {
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
    });
    assert.deepEqual(questions, [
      `Delete every resource of stack eda-ask (bucket ${configFor(target, stack).bucket.name} with all its objects) in account ${TEST_ACCOUNT}, us-east-1?`,
    ]);
    assert.equal(result.ok, false);
    assert.equal(result.summary, "teardown cancelled: nothing was deleted");
    assert.deepEqual(await remainingResources(clientsFor(target), configFor(target, stack)), created);
  });

  it("refuses to run without a terminal unless given --yes (exit 2)", async () => {
    const run = await runEda(["teardown", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /without a terminal: pass --yes to confirm/);
    assert.deepEqual(await remainingResources(clientsFor(target), configFor(target, stack)), created);
  });

  it("--dry-run prints the deletion order, mappings first and the bucket last, and deletes nothing", async () => {
    const run = await runEda(["teardown", "--dry-run", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(run.code, 0, run.stderr);
    const order = run.stdout.slice(run.stdout.indexOf("order (teardown"), run.stdout.indexOf("details:"));
    assert.match(order, /step 1:\n\s+mapping:inventory/);
    assert.match(order, /step \d+:\n\s+bucket\s+bucket\s+\S+\s+\(after [^)]+\)\n$/);
    assert.deepEqual(await remainingResources(clientsFor(target), configFor(target, stack)), created);
  });
});
