/**
 * The child process of one execution environment: the variables Lambda sets
 * for a Node.js function, the spawn (its own process group, so a kill takes
 * whatever the function started too), and its three outputs: the log channel
 * (framed records), stdout and stderr. Knows nothing of invocations.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { LOG_CHANNEL_FD, LogRecordDecoder } from "../child/log-channel.js";
import type { EnvironmentCredentials, EnvironmentSpec } from "./environment.js";
import type { RuntimeFiles } from "./runtime-files.js";

export interface ProcessLaunch {
  spec: EnvironmentSpec;
  files: RuntimeFiles;
  taskRoot: string;
  credentials: EnvironmentCredentials;
  /** AWS_LAMBDA_RUNTIME_API: where the child's runtime client asks for events. */
  runtimeApi: string;
  /** The emulator's endpoint, where the function's SDK clients send their calls. */
  endpoint: string;
  logStreamName: string;
  /** Where V8 writes this process's CPU profile (`--cpu-prof`) as it exits, and the file's name. */
  cpuProfile?: { directory: string; fileName: string };
}

/** What the process reports back. */
export interface ProcessOutput {
  /** A formatted console line from the log channel. */
  line(text: string): void;
  /** Raw output (stdout, stderr, or bytes on the channel that were not a record), not yet split into lines. */
  raw(source: string, text: string): void;
  /** The process ended on its own; `outputRead` settles once its last output has been read. */
  ended(reason: string, outputRead: Promise<void>): void;
}

export class RuntimeProcess {
  private readonly child: ChildProcess;
  private recordsReceived = 0;
  private recordWaiters: { count: number; resolve: () => void }[] = [];
  /** Settles once the process has exited (or could not be spawned). */
  readonly exited: Promise<void>;

  constructor(launch: ProcessLaunch, output: ProcessOutput) {
    const spec = launch.spec;
    // Lambda's Node.js bootstrap gives V8's old generation about 90% of the function's memory.
    const heapMb = Math.max(16, Math.floor(spec.memorySize * 0.9));
    const profile = launch.cpuProfile;
    const profileFlags = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile.directory}`, `--cpu-prof-name=${profile.fileName}`] : [];
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, ...profileFlags, launch.files.bootstrapPath], {
      cwd: launch.taskRoot,
      env: processEnvironment(launch),
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // Its own process group, so a timeout kills whatever the function started too.
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    this.child = child;

    const decoder = new LogRecordDecoder();
    const channel = child.stdio[LOG_CHANNEL_FD] as NodeJS.ReadableStream;
    channel.setEncoding("utf8");
    channel.on("data", (chunk: string) => {
      for (const record of decoder.push(chunk)) {
        if (record.kind === "line") output.line(record.text);
        else output.raw("channel", record.text);
        this.recordsReceived++;
      }
      this.releaseRecordWaiters();
    });
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => output.raw("stdout", chunk));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => output.raw("stderr", chunk));
    const closedStreams = new Promise<void>((resolve) => child.once("close", () => resolve()));
    this.exited = new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    // A process that could not be spawned has no streams to wait for.
    child.once("error", (error) => output.ended(`error: ${error.message}`, Promise.resolve()));
    child.once("exit", (code, signal) => output.ended(signal ? `signal: ${signalName(signal)}` : `exit status ${code}`, closedStreams));
  }

  /** Resolves once `count` log records have arrived (the count the runtime sent with a completion). */
  recordsArrived(count: number): Promise<void> {
    if (!Number.isFinite(count) || this.recordsReceived >= count) return Promise.resolve();
    return new Promise((resolve) => this.recordWaiters.push({ count, resolve }));
  }

  /** Kills the runtime and whatever it started (its process group), even after the runtime itself exited. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === "win32") this.child.kill("SIGKILL");
      else process.kill(-pid, "SIGKILL");
    } catch {
      // Nothing left to kill.
    }
  }

  /**
   * Waits up to `graceMs` for a process told to leave (its Runtime API wait
   * was refused) to exit on its own, then kills what is left: a killed
   * process never writes its CPU profile.
   */
  async leave(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    await Promise.race([this.exited, grace]);
    clearTimeout(timer);
    this.kill();
  }

  /** Stops waiting for records: the environment is stopping. */
  abandonWaits(): void {
    for (const waiter of this.recordWaiters.splice(0)) waiter.resolve();
  }

  private releaseRecordWaiters(): void {
    this.recordWaiters = this.recordWaiters.filter((waiter) => {
      if (this.recordsReceived < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }
}

/** The variables Lambda's Node.js runtime sets (Lambda Developer Guide, "Defined runtime environment variables"). */
function processEnvironment(launch: ProcessLaunch): Record<string, string> {
  const { spec, files, credentials } = launch;
  const logSettings: Record<string, string> =
    spec.logFormat === "JSON" ? { AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: spec.applicationLogLevel ?? "INFO" } : {};
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin/:/bin",
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    NODE_PATH: join(files.runtimeDir, "node_modules"),
    // The function runs on this machine's Node, which may be older than its runtime's: the SDK's
    // NodeVersionSupportWarning would be the emulator's artefact, logged as the function's ERROR. Its own variable may say otherwise.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...spec.variables,
    ...logSettings,
    _HANDLER: spec.handler,
    LAMBDA_TASK_ROOT: launch.taskRoot,
    LAMBDA_RUNTIME_DIR: files.runtimeDir,
    AWS_LAMBDA_RUNTIME_API: launch.runtimeApi,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: spec.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: launch.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    // The function's SDK clients talk to this emulator, as the function's role.
    AWS_ENDPOINT_URL: launch.endpoint,
    _LAMBDA_TELEMETRY_LOG_FD: String(LOG_CHANNEL_FD),
    _EDA_COMPILE_CACHE: files.compileCacheDir,
  };
}

function signalName(signal: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: "killed", SIGABRT: "aborted", SIGSEGV: "segmentation fault", SIGTERM: "terminated" };
  return names[signal] ?? signal;
}
