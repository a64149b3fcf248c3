/**
 * Ctrl-C in a real terminal: eda runs in a pseudo-terminal (Python's pty
 * module), so ora draws spinners and the terminal's line discipline turns
 * the ^C byte into SIGINT for the foreground process group, as for a user.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_REGION } from "../helpers/emulator.js";
import { createSandbox, edaArgv, ensureHandlerBundles, REPO_ROOT, type Sandbox } from "../helpers/cli.js";

/**
 * Runs argv in a pty (100 columns); each time the output so far matches the next pattern
 * of `interrupts`, types Ctrl-C. Prints the output, then a status line.
 */
const PTY_DRIVER = String.raw`
import fcntl, json, os, pty, re, select, struct, sys, termios, time
argv, interrupts, limit = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    # A terminal of 24 rows and 100 columns: eda draws spinners only on a terminal of known width.
    fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    os.execvp(argv[0], argv)
output = b""
pending = [re.compile(p.encode()) for p in interrupts]
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    while pending and pending[0].search(output):
        pending.pop(0)
        os.write(fd, b"\x03")
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode("utf-8", "replace"))
if os.WIFSIGNALED(status):
    sys.stdout.write("\n::status:: signal=%d\n" % os.WTERMSIG(status))
else:
    sys.stdout.write("\n::status:: exit=%d\n" % os.WEXITSTATUS(status))
`;

interface PtyRun {
  output: string;
  exitCode?: number;
  signal?: number;
}

function runInTerminal(args: string[], env: NodeJS.ProcessEnv, interrupts: string[], limitSeconds = 90): Promise<PtyRun> {
  const argv = [process.execPath, ...edaArgv(args)];
  const child = spawn("python3", ["-c", PTY_DRIVER, JSON.stringify(argv), JSON.stringify(interrupts), String(limitSeconds)], { cwd: REPO_ROOT, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => {
      const status = /::status:: (exit|signal)=(\d+)\s*$/.exec(stdout);
      if (!status) return reject(new Error(`the pty driver ended without a status: ${stderr}`));
      const output = stdout.slice(0, status.index);
      resolve(status[1] === "exit" ? { output, exitCode: Number(status[2]) } : { output, signal: Number(status[2]) });
    });
  });
}

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
    const run = await runInTerminal(["setup", "--stack", "ctrlc-tty", "--endpoint-url", emulator.endpoint], env, ["queue ctrlc-tty-inventory created"]);
    assert.equal(run.signal, undefined, `eda was killed by signal ${run.signal}:\n${run.output}`);
    assert.equal(run.exitCode, 130, run.output);
    assert.match(run.output, /interrupted: stopping cleanly/);
    assert.match(run.output, /stopped: setup of stack ctrlc-tty created \d+ of \d+ resources/);
    assert.match(run.output, /error: interrupted/);
  });

  it("a second Ctrl-C stops at once", async () => {
    const run = await runInTerminal(["setup", "--stack", "ctrlc-twice", "--endpoint-url", emulator.endpoint], env, [
      "queue ctrlc-twice-inventory created",
      "interrupted: stopping cleanly",
    ]);
    assert.equal(run.signal, 2, `expected death by SIGINT:\n${run.output}`);
    assert.doesNotMatch(run.output, /error: interrupted/);
  });
});
