/**
 * The one way to run the real eda CLI as a child process, shared by the
 * benchmarks and the test suites (test/helpers/cli.ts builds its sandbox on
 * it). Workload drivers live under bench/lib/workloads/ because a benchmark
 * must run from bench/ alone: the suites import these drivers to assert what
 * the benchmarks measure, and nothing here imports test/.
 *
 * Which CLI runs: the built one (dist/bin/eda.js) when it is newer than every
 * file under bin/ and src/ (it bundles bin/, src/cli and src/core) and tsc's
 * output dist/src/emulator/emulator.js is newer than every file under
 * src/emulator and src/function-shim (the bundle loads those from dist/src),
 * else the sources through tsx. A spawn from dist takes less than half the
 * CPU of one through tsx (a few bundled files instead of a TypeScript
 * transform of the whole import graph in every child: `eda status` 0.6 s
 * against 1.4 s), which adds up over the hundreds of spawns of a full run;
 * CI builds before it tests, so it always gets dist. The age check keeps a
 * stale build from hiding a source edit made since the last `npm run build`:
 * then the sources run, as before.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTIN_CONSUMERS } from "../../../src/core/stack/config.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BUILT_ENTRY = join(REPO_ROOT, "dist", "bin", "eda.js");
const SOURCE_ENTRY = join(REPO_ROOT, "bin", "eda.ts");
const BUILT_EMULATOR = join(REPO_ROOT, "dist", "src", "emulator", "emulator.js");
/** tsx's loader by absolute URL: a project directory the CLI runs in has no node_modules to find it in. */
const TSX_LOADER = import.meta.resolve("tsx");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  /** Working directory (a project folder); the repository root by default. */
  cwd?: string;
  /** Node flags before the entry script (e.g. another --import). */
  nodeFlags?: string[];
}

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestModification(join(path, entry))), stat.mtimeMs);
}

/** `output` exists and is newer than every file under the `sources` folders (relative to the repository). */
function builtAfter(output: string, sources: string[]): boolean {
  return existsSync(output) && statSync(output).mtimeMs >= Math.max(...sources.map((folder) => newestModification(join(REPO_ROOT, folder))));
}

let entryArgs: string[] | undefined;

/** The node arguments that start the CLI: dist when it is up to date, else bin/eda.ts through tsx. */
export function edaEntry(): string[] {
  if (entryArgs) return entryArgs;
  const builtIsCurrent = builtAfter(BUILT_ENTRY, ["src", "bin"]) && builtAfter(BUILT_EMULATOR, ["src/emulator", "src/function-shim"]);
  entryArgs = builtIsCurrent ? [BUILT_ENTRY] : ["--import", TSX_LOADER, SOURCE_ENTRY];
  return entryArgs;
}

/** Node's arguments for `eda <args>` (for tests that spawn with their own stdio). */
export function edaArgv(args: string[], options: SpawnOptions = {}): string[] {
  const entry = edaEntry();
  // Extra flags go before the entry script, after tsx's --import when tsx runs.
  return [...entry.slice(0, -1), ...(options.nodeFlags ?? []), entry.at(-1)!, ...args];
}

/** Starts the CLI without waiting for it. */
export function spawnEda(args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, edaArgv(args, options), { cwd: options.cwd ?? REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Collects a child's output until it closes. With `timeoutMs` the child is
 * killed past that bound and the promise rejects with what it printed.
 */
export function finished(child: ChildProcess, options: { timeoutMs?: number; what?: string } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`${options.what ?? "eda"} did not finish within ${options.timeoutMs}ms\nstdout: ${stdout}\nstderr: ${stderr}`));
          }, options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Runs `eda <args>` to completion. A CLI that hangs is killed after
 * `timeoutMs` (3 minutes unless told: a bound for failures, never a pace a
 * passing run needs) so the run reports it instead of hanging.
 */
export function runEda(args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions & { timeoutMs?: number } = {}): Promise<CliRun> {
  return finished(spawnEda(args, env, options), { timeoutMs: options.timeoutMs ?? 180_000, what: `eda ${args.join(" ")}` });
}

/** A temporary EDA_HOME, so no run touches the user's ~/.eda. */
export function temporaryEdaHome(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "eda-home-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The built-in consumers' bundles, which the function steps zip; built once if missing. */
export function ensureHandlerBundles(): void {
  if (BUILTIN_CONSUMERS.every((name) => existsSync(join(REPO_ROOT, "dist", "handlers", name, "index.mjs")))) return;
  const built = spawnSync(process.execPath, ["scripts/build-handlers.mjs"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the handler bundles failed: ${built.stderr}`);
}
