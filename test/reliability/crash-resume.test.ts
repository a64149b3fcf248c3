/**
 * SIGKILL at every change of `eda setup` and of `eda teardown`, then resume:
 * setup converges, teardown leaves nothing. Resumed in-process to stay fast;
 * the bench (`npm run bench -- reliability-crash`) resumes with the CLI on
 * the realistic profile.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { crashMatrix } from "../../bench/lib/workloads/crash-resume.js";
import { ensureHandlerBundles, temporaryEdaHome } from "../helpers/cli.js";
import { startTestEmulator } from "../helpers/emulator.js";

describe("crash and resume at every change", () => {
  let emulator: RunningEmulator;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
    edaHome = temporaryEdaHome();
  });
  after(async () => {
    await emulator?.stop();
    edaHome?.remove();
  });

  it("setup killed after each of its changes: a re-run converges, teardown then leaves nothing", async (t) => {
    const outcome = await crashMatrix(emulator, edaHome.path, { phase: "setup", parallel: 2, stackPrefix: "eda-cs", resume: "core" });
    t.diagnostic(`setup: ${outcome.points} interruption points exercised, ${outcome.points - outcome.problems.length} converged`);
    assert.ok(outcome.points >= 22, `every step makes at least one change (${outcome.points})`);
    assert.deepEqual(outcome.problems, []);
  });

  it("teardown killed after each of its deletions: a re-run leaves nothing", async (t) => {
    const outcome = await crashMatrix(emulator, edaHome.path, { phase: "teardown", parallel: 2, stackPrefix: "eda-ct", resume: "core" });
    t.diagnostic(`teardown: ${outcome.points} interruption points exercised, ${outcome.points - outcome.problems.length} converged`);
    assert.ok(outcome.points >= 15, `every removable resource is a point (${outcome.points})`);
    assert.deepEqual(outcome.problems, []);
  });
});
