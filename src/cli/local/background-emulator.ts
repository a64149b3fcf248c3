/**
 * The embedded emulator as a background process: where its state lives
 * ($EDA_HOME, default ~/.eda), how to tell whether it runs, how to start it
 * detached and how to stop it. `ensureLocalEmulator()` is what `--local` uses.
 *
 * Files under $EDA_HOME:
 *   emulator.json  pid, endpoint, profile, time scale, start time (written by the emulator process once it listens)
 *   emulator.log   the emulator's own log, one JSON object per line
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { OperationError, UsageError } from "../../core/errors.js";
import { ownModule } from "../../core/packaging/package-root.js";

export type ConsistencyProfileName = "fast" | "realistic";

export const DEFAULT_LOCAL_PORT = 4566;
export const DEFAULT_LOCAL_HOST = "127.0.0.1";
/** The emulator's unsigned admin health check (src/emulator/gateway/admin-api.ts); its pid proves who owns the endpoint. */
const HEALTH_PATH = "/_eda/health";

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 2_000;

export interface EmulatorRecord {
  pid: number;
  endpoint: string;
  host: string;
  port: number;
  profile: ConsistencyProfileName;
  /** Queue time runs this many times faster (eda local start --time-scale); absent in records of older versions. */
  timeScale?: number;
  startedAt: string;
  logFile: string;
}

export interface LocalEmulatorSettings {
  port: number;
  host: string;
  profile: ConsistencyProfileName;
  timeScale: number;
  home: string;
}

export function edaHome(env: NodeJS.ProcessEnv): string {
  return env.EDA_HOME?.trim() ? env.EDA_HOME : join(homedir(), ".eda");
}

export function emulatorFiles(home: string): { state: string; log: string } {
  return { state: join(home, "emulator.json"), log: join(home, "emulator.log") };
}

/** Settings for an emulator started without explicit flags: EDA_LOCAL_PORT, EDA_LOCAL_HOST, EDA_LOCAL_PROFILE, EDA_LOCAL_TIME_SCALE. */
export function defaultLocalSettings(env: NodeJS.ProcessEnv): LocalEmulatorSettings {
  return {
    port: env.EDA_LOCAL_PORT?.trim() ? parsePort(env.EDA_LOCAL_PORT, "EDA_LOCAL_PORT") : DEFAULT_LOCAL_PORT,
    host: env.EDA_LOCAL_HOST?.trim() || DEFAULT_LOCAL_HOST,
    profile: env.EDA_LOCAL_PROFILE === "realistic" ? "realistic" : "fast",
    timeScale: env.EDA_LOCAL_TIME_SCALE?.trim() ? parseTimeScale(env.EDA_LOCAL_TIME_SCALE, "EDA_LOCAL_TIME_SCALE") : 1,
    home: edaHome(env),
  };
}

export function parsePort(value: string, what = "--port"): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new UsageError(`invalid ${what} "${value}": expected a port number from 0 to 65535 (0 picks a free port)`);
  }
  return port;
}

/** Beyond 1000 a 20-second long poll would last 20 ms and idle pollers would spin. */
export const MAX_TIME_SCALE = 1000;

export function parseTimeScale(value: string, what = "--time-scale"): number {
  const scale = Number(value);
  if (!/^\d+$/.test(value.trim()) || scale < 1 || scale > MAX_TIME_SCALE) {
    throw new UsageError(`invalid ${what} "${value}": expected a whole number from 1 to ${MAX_TIME_SCALE} (60 makes a minute of queue time pass in a second)`);
  }
  return scale;
}

export async function readEmulatorRecord(home: string): Promise<EmulatorRecord | "unreadable" | undefined> {
  let text: string;
  try {
    text = await readFile(emulatorFiles(home).state, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const record = JSON.parse(text) as EmulatorRecord;
    return Number.isInteger(record.pid) && typeof record.endpoint === "string" ? record : "unreadable";
  } catch {
    return "unreadable";
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a record. */
export async function writeEmulatorRecord(home: string, record: EmulatorRecord): Promise<void> {
  await mkdir(home, { recursive: true });
  const path = emulatorFiles(home).state;
  await writeFile(`${path}.${record.pid}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${path}.${record.pid}.tmp`, path);
}

/** Removes the record; with `pid`, only if it still describes that process (another emulator may have replaced it). */
export async function removeEmulatorRecord(home: string, pid?: number): Promise<void> {
  if (pid !== undefined) {
    const record = await readEmulatorRecord(home);
    if (typeof record === "object" && record.pid !== pid) return;
  }
  await rm(emulatorFiles(home).state, { force: true });
}

export type EmulatorStatus =
  | { state: "running"; record: EmulatorRecord }
  | { state: "not-running" }
  /** A record whose process is gone, or whose endpoint is served by someone else: safe to delete. */
  | { state: "stale"; record?: EmulatorRecord; reason: string }
  /** The process is alive and holds the endpoint's port but does not answer (hung, or still starting). */
  | { state: "not-answering"; record: EmulatorRecord };

export async function inspectEmulator(home: string): Promise<EmulatorStatus> {
  const record = await readEmulatorRecord(home);
  if (record === undefined) return { state: "not-running" };
  if (record === "unreadable") return { state: "stale", reason: `${emulatorFiles(home).state} is not a valid state file` };
  if (!processExists(record.pid)) return { state: "stale", record, reason: `process ${record.pid} is gone` };
  const health = await probeHealth(record.endpoint);
  if (health.kind === "healthy" && health.pid === record.pid) return { state: "running", record };
  if (health.kind === "no-answer") return { state: "not-answering", record };
  // Nothing listens there, or another process does: the pid was reused after the emulator died.
  return { state: "stale", record, reason: `process ${record.pid} does not serve ${record.endpoint}` };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * A detached emulator that exited stays a zombie until init reaps it, and
 * signal 0 still succeeds on a zombie. Linux shows the state in /proc
 * ("Z" after the command name); elsewhere the process counts as running.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

type Health = { kind: "healthy"; pid: number } | { kind: "other" } | { kind: "refused" } | { kind: "no-answer" };

async function probeHealth(endpoint: string): Promise<Health> {
  try {
    const response = await fetch(new URL(HEALTH_PATH, endpoint), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    const body = (await response.json().catch(() => undefined)) as { status?: string; pid?: number } | undefined;
    return body?.status === "running" && typeof body.pid === "number" ? { kind: "healthy", pid: body.pid } : { kind: "other" };
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    if (cause?.code === "ECONNREFUSED") return { kind: "refused" };
    return (error as Error).name === "TimeoutError" ? { kind: "no-answer" } : { kind: "other" };
  }
}

export interface StartedEmulator {
  record: EmulatorRecord;
  alreadyRunning: boolean;
}

/**
 * Starts the emulator as a detached process (eda itself, `local start
 * --foreground`, with the same Node flags so it also works under tsx) and
 * resolves once it answers. A running emulator is reused.
 */
export async function startBackgroundEmulator(settings: LocalEmulatorSettings, env: NodeJS.ProcessEnv): Promise<StartedEmulator> {
  const status = await inspectEmulator(settings.home);
  if (status.state === "running") return { record: status.record, alreadyRunning: true };
  if (status.state === "not-answering") {
    throw new OperationError(
      `the emulator recorded in ${settings.home} (pid ${status.record.pid}, ${status.record.endpoint}) does not answer: stop it with: eda local stop`,
    );
  }
  if (status.state === "stale") await removeEmulatorRecord(settings.home);

  await mkdir(settings.home, { recursive: true });
  const logFile = emulatorFiles(settings.home).log;
  // A fresh log per start; the emulator process appends its own lines, and anything it prints on a crash lands here too.
  const log = await open(logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(
      process.execPath,
      [
        ...inheritedNodeFlags(),
        edaEntryScript(),
        "local",
        "start",
        "--foreground",
        "--port",
        String(settings.port),
        "--host",
        settings.host,
        "--profile-consistency",
        settings.profile,
        "--time-scale",
        String(settings.timeScale),
      ],
      { detached: true, stdio: ["ignore", "ignore", log.fd, "ipc"], env: { ...env, EDA_HOME: settings.home }, windowsHide: true },
    );
  } finally {
    await log.close();
  }
  try {
    await waitForReady(child, logFile);
  } finally {
    if (child.connected) child.disconnect();
    child.unref();
  }
  const started = await inspectEmulator(settings.home);
  if (started.state !== "running") {
    throw new OperationError(`the emulator started but does not answer at its endpoint; see ${logFile}`);
  }
  return { record: started.record, alreadyRunning: false };
}

/** What the --foreground process tells the process that launched it (over the IPC channel). */
export type ForegroundMessage = { type: "ready"; record: EmulatorRecord } | { type: "failed"; message: string };

function waitForReady(child: ChildProcess, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      child.kill("SIGKILL");
      reject(new OperationError(`the emulator did not start within ${START_TIMEOUT_MS / 1000}s; see ${logFile}`));
    }, START_TIMEOUT_MS);
    const onMessage = (message: ForegroundMessage) => {
      finish();
      if (message.type === "ready") resolve();
      else reject(new OperationError(message.message));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish();
      reject(new OperationError(`the emulator exited (${signal ?? `code ${code}`}) before it was ready; see ${logFile}`));
    };
    const onError = (error: Error) => {
      finish();
      reject(new OperationError(`cannot start the emulator process: ${error.message}`, { cause: error }));
    };
    const finish = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    child.on("error", onError);
  });
}

function edaEntryScript(): string {
  return ownModule("bin/eda.ts", "dist/bin/eda.js");
}

/** Loader flags such as `--import tsx` carry over; the test runner's and debugger's do not. */
function inheritedNodeFlags(): string[] {
  return process.execArgv.filter((flag) => !/^--(test|inspect|debug|watch)/.test(flag));
}

export type StopOutcome =
  | { outcome: "stopped"; record: EmulatorRecord; forced: boolean }
  | { outcome: "not-running" }
  | { outcome: "stale-removed"; reason: string };

/** SIGTERM, wait for the process to end (SIGKILL after a bound), remove the state. Safe to repeat. */
export async function stopEmulator(home: string): Promise<StopOutcome> {
  const status = await inspectEmulator(home);
  if (status.state === "not-running") return { outcome: "not-running" };
  if (status.state === "stale") {
    await removeEmulatorRecord(home);
    return { outcome: "stale-removed", reason: status.reason };
  }
  const { record } = status;
  signalProcess(record.pid, "SIGTERM");
  let forced = false;
  if (!(await waitForProcessExit(record.pid, STOP_TIMEOUT_MS))) {
    forced = true;
    signalProcess(record.pid, "SIGKILL");
    await waitForProcessExit(record.pid, 2_000);
  }
  await removeEmulatorRecord(home, record.pid);
  return { outcome: "stopped", record, forced };
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * The emulator is not our child, so there is no exit event to wait for:
 * check with signal 0 at a short interval, bounded by `timeoutMs`.
 */
async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processExists(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/**
 * For other commands' `--local`: the endpoint of the running emulator,
 * starting one in the background (EDA_LOCAL_PORT, default 4566) if none runs.
 */
export async function ensureLocalEmulator(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ endpoint: string; pid: number; timeScale: number; started: boolean }> {
  const env = options.env ?? process.env;
  const settings = defaultLocalSettings(env);
  const status = await inspectEmulator(settings.home);
  if (status.state === "running") return usedEmulator(status.record, false);
  try {
    const { record, alreadyRunning } = await startBackgroundEmulator(settings, env);
    return usedEmulator(record, !alreadyRunning);
  } catch (error) {
    // Another eda command may have started it a moment ago (two `--local` commands at once).
    const again = await inspectEmulator(settings.home);
    if (again.state === "running") return usedEmulator(again.record, false);
    throw error;
  }
}

function usedEmulator(record: EmulatorRecord, started: boolean) {
  return { endpoint: record.endpoint, pid: record.pid, timeScale: record.timeScale ?? 1, started };
}
