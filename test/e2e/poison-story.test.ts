/**
 * The poison story a tutorial tells, on a background emulator started with
 * --time-scale 60: a poisoned object and a poisoned message reach both DLQs
 * in seconds instead of 15 minutes (5 receives x the stack's 180 s).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type CliRun, createSandbox, ensureHandlerBundles, resultOf, runEda, type Sandbox } from "../helpers/cli.js";

describe("the poison story on an emulator with --time-scale 60", () => {
  let sandbox: Sandbox;
  let setupRun: CliRun;
  const eda = (args: string[]) => runEda(args, sandbox.env, { timeoutMs: 90_000 });

  before(async () => {
    ensureHandlerBundles();
    sandbox = createSandbox({ NO_COLOR: "1", EDA_LOCAL_PORT: "0" });
    const start = await eda(["local", "start", "--time-scale", "60"]);
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stdout, /emulator running at http:\/\/127\.0\.0\.1:\d+ \(pid \d+, profile fast, queue time 60x\)/);
    setupRun = await eda(["setup", "--local", "--stack", "poison"]);
    assert.equal(setupRun.code, 0, setupRun.stderr);
  });
  after(async () => {
    await eda(["teardown", "--local", "--stack", "poison"]);
    await eda(["local", "stop", "--yes"]);
    await sandbox.dispose();
  });

  it("piped, setup prints one line per finished resource and no waits", () => {
    assert.match(setupRun.stdout, /^✔ queue poison-inventory created \(\d+(\.\d+)?m?s\)$/m);
    assert.doesNotMatch(setupRun.stdout, / \.\.\.$|: creating$/m);
    const resourceLines = setupRun.stdout.split("\n").filter((line) => /^[✔✖○] /.test(line) && !line.startsWith("✔ stack "));
    assert.equal(resourceLines.length, 22, setupRun.stdout);
  });

  it("eda local status shows the time scale", async () => {
    const run = await eda(["local", "status"]);
    assert.match(run.stdout, /emulator running at .* queue time 60x\)/);
    const json = resultOf((await eda(["local", "status", "--json"])).stdout);
    assert.equal(json.timeScale, 60);
  });

  it("eda test --poison 2: both poisoned objects reach both DLQs, and the command says when and why", async () => {
    const run = await eda(["test", "--local", "--stack", "poison", "--count", "4", "--poison", "2"]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /the local emulator runs queue time 60x faster/);
    assert.match(run.stdout, /poisoned objects: expected in the DLQs at about \d\d:\d\d:\d\d \(in 15s: 5 receives x 180 s visibility timeout, queue time 60x faster\)/);
    assert.match(run.stdout, /PASS: .*2 objects went through every hop to both consumers with the right content; all 2 poisoned objects are in both DLQs/);
  });

  it("a hint repeats the flags given, so the copied command acts on the same stack and emulator", async () => {
    const run = await eda(["test", "--local", "--stack", "nosuch"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: stack nosuch is not set up .*: run eda setup --local --stack nosuch first$/m);
  });

  it("eda send of a poisoned message waits for it in both DLQs", async () => {
    const run = await eda(["send", '{"poison": true}', "--local", "--stack", "poison"]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^inventory +message msg-\S+ reached poison-inventory-dlq after \d+s$/m);
    assert.match(run.stdout, /^audit +message msg-\S+ reached poison-audit-dlq after \d+s$/m);
    assert.match(run.stdout, /poisoned message msg-\S+ failed on every receive and reached the DLQ of inventory and audit, as expected \(inspect it: eda dlq list --local --stack poison\)/);
  });
});
