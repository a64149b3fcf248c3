/**
 * Ctrl-C in a real terminal: eda runs in a pseudo-terminal (Python's pty
 * module), so ora draws spinners and the terminal's line discipline turns
 * the ^C byte into SIGINT for the foreground process group, as for a user.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_REGION } from "../helpers/emulator.js";
import { createSandbox, ensureHandlerBundles, type Sandbox } from "../helpers/cli.js";
import { runInTerminal } from "../helpers/terminal.js";

describe("Ctrl-C in a terminal", () => {
  let emulator: RunningEmulator;
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    ensureHandlerBundles();
    // Realistic consistency: setup waits for IAM and functions, so there is time to press Ctrl-C.
    emulator = await startTestEmulator({ profile: "realistic" });
    sandbox = createSandbox({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: TEST_REGION, TERM: "xterm-256color", NO_COLOR: "1" });
    env = sandbox.env;
  });
  after(async () => {
    await emulator.stop();
    await sandbox.dispose();
  });

  it("stops setup at the next safe point with a partial summary and exit 130", async () => {
    const run = await runInTerminal(["setup", "--stack", "ctrlc-tty", "--endpoint-url", emulator.endpoint], { env, interrupts: ["queue ctrlc-tty-inventory created"] });
    assert.equal(run.signal, undefined, `eda was killed by signal ${run.signal}:\n${run.raw}`);
    assert.equal(run.exitCode, 130, run.raw);
    assert.match(run.raw, /interrupted: stopping cleanly/);
    assert.match(run.raw, /stopped: setup of stack ctrlc-tty created \d+ of \d+ resources/);
    assert.match(run.raw, /error: interrupted/);
  });

  it("a second Ctrl-C stops at once", async () => {
    const run = await runInTerminal(["setup", "--stack", "ctrlc-twice", "--endpoint-url", emulator.endpoint], {
      env,
      interrupts: ["queue ctrlc-twice-inventory created", "interrupted: stopping cleanly"],
    });
    assert.equal(run.signal, 2, `expected death by SIGINT:\n${run.raw}`);
    assert.doesNotMatch(run.raw, /error: interrupted/);
  });
});
