/**
 * Runs the real eda CLI (bin/eda.ts under tsx) as a child process in a
 * sandbox: a temporary HOME and EDA_HOME, no AWS settings inherited from the
 * machine (so nothing can reach real AWS), instance metadata disabled, and
 * EDA_LOCAL_PORT=0 so auto-started emulators take a free port.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EDA_ENTRY = join(REPO_ROOT, "bin", "eda.ts");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

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

export function spawnEda(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", EDA_ENTRY, ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs eda to completion; `nodeFlags` go before the entry script (e.g. another --import). */
export function runEda(args: string[], env: NodeJS.ProcessEnv, options: { nodeFlags?: string[]; timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, ["--import", "tsx", ...(options.nodeFlags ?? []), EDA_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child, options.timeoutMs ?? 30_000, args);
}

export function collect(child: ChildProcess, timeoutMs: number, args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`eda ${args.join(" ")} did not finish within ${timeoutMs}ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
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
export function assertOneErrorLine(run: CliRun, pattern: RegExp): void {
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
}

/** A loopback port nothing listens on (bound, read, released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
