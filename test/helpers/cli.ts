/**
 * The one CLI harness of the suites: the real eda CLI as a child process
 * (bench/lib/workloads/eda-process.ts: dist when built and current, else
 * the sources through tsx) in a sandbox: a temporary HOME and EDA_HOME, no
 * AWS settings inherited from the machine (so nothing can reach real AWS),
 * instance metadata disabled, and EDA_LOCAL_PORT=0 so auto-started
 * emulators take a free port. Plus the checks every CLI suite makes of what
 * the user sees.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEda, type CliRun } from "../../bench/lib/workloads/eda-process.js";

export {
  edaArgv,
  ensureHandlerBundles,
  finished,
  REPO_ROOT,
  runEda,
  spawnEda,
  temporaryEdaHome,
  type CliRun,
  type SpawnOptions,
} from "../../bench/lib/workloads/eda-process.js";

export interface Sandbox {
  edaHome: string;
  env: NodeJS.ProcessEnv;
  /** Stops any emulator the sandbox still records, then deletes it. */
  dispose(): Promise<void>;
}

export function createSandbox(extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "eda-cli-"));
  const edaHome = join(root, "eda-home");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    EDA_HOME: edaHome,
    EDA_LOCAL_PORT: "0",
    AWS_CONFIG_FILE: join(root, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extraEnv,
  };
  return {
    edaHome,
    env,
    async dispose() {
      await runEda(["local", "stop", "--yes"], env);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every stdout line must be a JSON object; returns them in order. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split("\n").filter((line) => line !== "");
  return lines.map((line) => {
    let value: unknown;
    assert.doesNotThrow(() => (value = JSON.parse(line)), `stdout line is not JSON: ${line}`);
    assert.equal(typeof value, "object", `stdout line is not a JSON object: ${line}`);
    return value as Record<string, unknown>;
  });
}

/** The last JSON line, which must be the command's result. */
export function resultOf(stdout: string): Record<string, unknown> {
  const result = jsonLines(stdout).at(-1);
  assert.equal(result?.type, "result", `last stdout line is not a result: ${stdout}`);
  return result!;
}

/** An error the user sees: exactly one line on stderr, starting "error: ", and no stack trace. */
export function assertOneErrorLine(run: Pick<CliRun, "stderr">, pattern: RegExp): void {
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
}

/** Alive and not a zombie waiting for init to reap it (Linux shows "Z" in /proc/<pid>/stat). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/** Calls `listener` with each complete stdout line of a running `--json` CLI as it arrives. */
export function onStdoutLine(child: ChildProcess, listener: (line: string) => void): void {
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) listener(line);
  });
}

/** Waits for a line on the child's stdout that matches. */
export function lineMatching(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split("\n").find((candidate) => pattern.test(candidate));
      if (line !== undefined) {
        child.stdout!.off("data", onData);
        resolve(line);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", () => reject(new Error(`exited before printing a line matching ${pattern}: ${buffered}`)));
  });
}
