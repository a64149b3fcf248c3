/** `eda demo`: the whole story on a private emulator, with nothing set up beforehand and nothing left after. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { assertOneErrorLine, createSandbox, ensureHandlerBundles, resultOf, runEda, type Sandbox } from "../helpers/cli.js";

describe("eda demo", () => {
  let sandbox: Sandbox;
  before(() => {
    ensureHandlerBundles();
    sandbox = createSandbox({ NO_COLOR: "1" });
  });
  after(() => sandbox.dispose());

  it("starts a 60x emulator, sets up, proves (one object poisoned into both DLQs), cures and redrives, tears down, and reports each step and the total time", async () => {
    const run = await runEda(["demo"], sandbox.env, { timeoutMs: 120_000 });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const steps = run.stdout.split("\n").filter((line) => /^step \d\/5: /.test(line));
    assert.equal(steps.length, 5, run.stdout);
    assert.match(steps[0]!, /^step 1\/5: start eda's embedded emulator .*queue time 60x faster/);
    assert.match(run.stdout, /^✔ emulator: listening at http:\/\/127\.0\.0\.1:\d+ /m);
    assert.match(run.stdout, /^✔ setup: stack eda-demo is ready: created \d+, updated 0, unchanged 0 \([\d.]+m?s\)$/m);
    assert.match(run.stdout, /^poisoned objects: expected in the DLQs at about \d\d:\d\d:\d\d \(in 15s: 5 receives x 180 s visibility timeout, queue time 60x faster\)/m);
    assert.match(run.stdout, /^✔ test: PASS: run \S+: 4 objects went through every hop to both consumers .*the poisoned object is in both DLQs/m);
    assert.match(run.stdout, /^removed the eda-poison marker from uploads\/\S+/m);
    assert.match(run.stdout, /^inventory: moved 1 message from eda-demo-inventory-dlq back to eda-demo-inventory$/m);
    assert.match(run.stdout, /^audit processed uploads\/\S+/m);
    assert.match(run.stdout, /^✔ redrive: the poisoned object left the DLQs and, without the marker, went through every consumer; every queue is empty/m);
    assert.match(run.stdout, /^hop\s+inventory p50 \/ p90 \/ p99/m);
    assert.match(run.stdout, /^✔ teardown: stack eda-demo is gone: .* nothing of it remains/m);
    assert.match(run.stdout, /^✔ demo complete in [\d.]+m?s \(emulator \S+, setup \S+, test \S+, redrive \S+, teardown \S+\): the pipeline was created, proven \(a poisoned object dead-lettered, cured and redriven\) and removed$/m);
    // It used a private emulator: no background emulator was recorded.
    assert.equal(existsSync(join(sandbox.edaHome, "emulator.json")), false);
  });

  it("--json ends with a result listing every step", async () => {
    const run = await runEda(["demo", "--json", "--stack", "demo-json"], sandbox.env, { timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const result = resultOf(run.stdout) as Record<string, any>;
    assert.equal(result.ok, true);
    assert.deepEqual(result.steps.map((step: { step: string; ok: boolean }) => `${step.step} ${step.ok}`), ["emulator true", "setup true", "test true", "redrive true", "teardown true"]);
    assert.ok(result.totalMs > 0);
  });

  it("refuses --endpoint-url: the demo always runs on its own emulator", async () => {
    const run = await runEda(["demo", "--endpoint-url", "http://127.0.0.1:9"], sandbox.env);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /eda demo always runs on its own embedded emulator/);
  });
});
