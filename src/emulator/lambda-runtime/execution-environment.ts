/**
 * One execution environment: a Node.js child process running the runtime
 * interface client against this environment's Runtime API, its extracted
 * code, its role credentials and its log stream. It serves one invocation at
 * a time, is reused while warm, and is destroyed on timeout, crash or stop.
 *
 * Lifecycle: starting (spawned, loading the handler) -> idle (waiting in
 * GET /next) -> running (event delivered) -> returning (completed, until the
 * runtime asks for the next event) -> idle ... -> stopped. An environment
 * started for an invocation (a cold start) serves that invocation first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Clock, Random, Timer } from "../clock.js";
import type { PooledEnvironment, PoolListener } from "./environment-pool.js";
import { LOG_CHANNEL_FD, LOG_RECORDS_HEADER, LogRecordDecoder, MAX_RSS_HEADER } from "./log-channel.js";
import type { RuntimeFiles } from "./runtime-files.js";
import {
  ACCEPTED,
  apiError,
  MAX_RESPONSE_BYTES,
  type PostedBody,
  type RuntimeApi,
  type RuntimeApiEnvironment,
  type RuntimeApiReply,
  type WaitingNext,
} from "./runtime-api.js";

export interface InvocationRequest {
  requestId: string;
  payload: Buffer;
  /** The caller's ClientContext JSON (Invoke's X-Amz-Client-Context, decoded). */
  clientContext?: string;
  traceId: string;
}

export interface InvocationOutcome {
  kind: "success" | "error";
  /** The response, or the error JSON (the runtime's, or the platform's for timeouts and crashes). */
  payload: Buffer;
  errorType?: string;
  /** The invocation's log output, START to REPORT (Invoke's LogType Tail shows its end). */
  log: string;
}

export interface PendingInvocation {
  request: InvocationRequest;
  settle(outcome: InvocationOutcome): void;
}

/** The function as one environment runs it; a new revision means new environments. */
export interface EnvironmentSpec {
  revision: string;
  functionName: string;
  functionArn: string;
  version: string;
  region: string;
  runtime: string;
  handler: string;
  timeoutSeconds: number;
  memorySize: number;
  variables: Record<string, string>;
  roleArn: string;
  logGroupName: string;
  runtimeVersionArn: string;
  logFormat: "Text" | "JSON";
  applicationLogLevel: string | undefined;
  systemLogLevel: string | undefined;
  /** Extracts the deployment package into `directory`. */
  extractCode(directory: string): Promise<void>;
}

export interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  revoke(): void;
}

export interface EnvironmentLogSink {
  write(message: string): void;
  /** Flushes what is buffered. */
  close(): Promise<void>;
}

/** What environments need from the emulator. */
export interface EnvironmentHost {
  readonly clock: Clock;
  readonly random: Random;
  readonly endpoint: string;
  readonly runtimeApi: RuntimeApi;
  runtimeFiles(): Promise<RuntimeFiles>;
  /** A fresh directory for one environment's code. */
  environmentDirectory(environmentId: string): Promise<string>;
  /** Temporary credentials of the function's execution role (throws if it cannot be assumed). */
  credentials(spec: EnvironmentSpec): EnvironmentCredentials;
  openLogStream(spec: EnvironmentSpec, streamName: string): EnvironmentLogSink;
  warn(message: string, fields: Record<string, unknown>): void;
}

type State = "starting" | "idle" | "running" | "returning" | "stopped";

/** Lambda's limit on the init phase. */
const INIT_TIMEOUT_MS = 10_000;

interface CurrentInvocation extends PendingInvocation {
  /** The runtime has the event (and may post its result). */
  delivered: boolean;
  /** START was written: log lines belong to this invocation. */
  logging: boolean;
  startedAt: number;
  log: string[];
  timer?: Timer;
}

export class ExecutionEnvironment implements RuntimeApiEnvironment, PooledEnvironment {
  readonly id: string;
  readonly logStreamName: string;
  private state: State = "starting";
  private child: ChildProcess | undefined;
  private directory: string | undefined;
  private credentials: EnvironmentCredentials | undefined;
  private readonly logSink: EnvironmentLogSink;
  private waiting: WaitingNext | undefined;
  private current: CurrentInvocation | undefined;
  private spawnedAt = 0;
  private initDurationMs: number | undefined;
  private initTimer: Timer | undefined;
  private maxMemoryUsedMb = 0;
  private recordsReceived = 0;
  private recordWaiters: { count: number; resolve: () => void }[] = [];
  private readonly partialLines = new Map<string, string>();
  private closedStreams: Promise<void> = Promise.resolve();
  private exited: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  /** The code extraction and spawn; a stop waits for it before removing the directory it writes to. */
  private starting: Promise<void> | undefined;
  private logClosed = false;

  constructor(
    readonly spec: EnvironmentSpec,
    private readonly host: EnvironmentHost,
    private readonly listener: PoolListener,
    first: PendingInvocation,
  ) {
    this.id = host.random.hex(16);
    const day = new Date(host.clock.now()).toISOString().slice(0, 10).replace(/-/g, "/");
    this.logStreamName = `${day}/[${spec.version}]${this.id}`;
    this.logSink = host.openLogStream(spec, this.logStreamName);
    this.current = { ...first, delivered: false, logging: false, startedAt: 0, log: [] };
  }

  get revision(): string {
    return this.spec.revision;
  }

  /** Extracts the code and starts the runtime; failures fail the first invocation. */
  start(): Promise<void> {
    this.starting ??= this.extractAndSpawn();
    return this.starting;
  }

  private async extractAndSpawn(): Promise<void> {
    try {
      const files = await this.host.runtimeFiles();
      this.directory = await this.host.environmentDirectory(this.id);
      const taskRoot = join(this.directory, "task");
      await mkdir(taskRoot, { recursive: true });
      await this.spec.extractCode(taskRoot);
      if (this.state === "stopped") return;
      this.credentials = this.host.credentials(this.spec);
      this.spawn(files, taskRoot);
    } catch (error) {
      this.host.warn("execution environment failed to start", { function: this.spec.functionArn, error: String(error) });
      this.failCurrent("Runtime.Unknown", "Unknown application error occurred");
      void this.stop();
    }
  }

  /** Gives an idle environment its next invocation; false if its runtime has gone away meanwhile. */
  assign(invocation: PendingInvocation): boolean {
    if (this.state !== "idle" || !this.waiting?.open) return false;
    this.current = { ...invocation, delivered: false, logging: false, startedAt: 0, log: [] };
    this.state = "running";
    this.deliver();
    return true;
  }

  /** Kills the process, fails an invocation in progress, flushes logs, removes the code. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private spawn(files: RuntimeFiles, taskRoot: string): void {
    const spec = this.spec;
    const credentials = this.credentials!;
    const runtimeApi = this.host.runtimeApi.register(this.id, this, this.host.endpoint);
    const logSettings: Record<string, string> =
      spec.logFormat === "JSON"
        ? { AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: spec.applicationLogLevel ?? "INFO" }
        : {};
    const env: Record<string, string> = {
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
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: files.runtimeDir,
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
      AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: spec.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: this.logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_REGION: spec.region,
      AWS_DEFAULT_REGION: spec.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      // The function's SDK clients talk to this emulator, as the function's role.
      AWS_ENDPOINT_URL: this.host.endpoint,
      _LAMBDA_TELEMETRY_LOG_FD: String(LOG_CHANNEL_FD),
    };
    // Lambda's Node.js bootstrap gives V8's old generation about 90% of the function's memory.
    const heapMb = Math.max(16, Math.floor(spec.memorySize * 0.9));
    // The runtime version names the Node.js that really runs the code: this machine's.
    const runtimeVersion = `${spec.runtime.replace(/^nodejs(\d+)\.x$/, "nodejs:$1")}.local-node-${process.version}`;
    this.emitPlatform(`INIT_START Runtime Version: ${runtimeVersion}\tRuntime Version ARN: ${spec.runtimeVersionArn}`);
    this.spawnedAt = performance.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, files.bootstrapPath], {
      cwd: taskRoot,
      env,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // Its own process group, so a timeout kills whatever the function started too.
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    this.child = child;
    this.initTimer = this.host.clock.setTimer(INIT_TIMEOUT_MS, () => this.initTimedOut());

    const decoder = new LogRecordDecoder();
    const channel = child.stdio[LOG_CHANNEL_FD] as NodeJS.ReadableStream;
    channel.setEncoding("utf8");
    channel.on("data", (chunk: string) => {
      for (const record of decoder.push(chunk)) {
        if (record.kind === "line") this.emit(record.text);
        else this.emitRaw("channel", record.text);
        this.recordsReceived++;
      }
      this.releaseRecordWaiters();
    });
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => this.emitRaw("stdout", chunk));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => this.emitRaw("stderr", chunk));
    this.closedStreams = new Promise((resolve) => child.once("close", () => resolve()));
    this.exited = new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    // A process that could not be spawned has no streams to wait for.
    child.once("error", (error) => this.processEnded(`error: ${error.message}`, Promise.resolve()));
    child.once("exit", (code, signal) =>
      this.processEnded(signal ? `signal: ${signalName(signal)}` : `exit status ${code}`, this.closedStreams),
    );
  }

  next(waiting: WaitingNext, headers: Record<string, string>): void {
    if (this.state === "stopped") {
      waiting.refuse();
      return;
    }
    this.noteMemory(headers);
    this.waiting = waiting;
    if (this.state === "starting") {
      this.initTimer?.cancel();
      this.initDurationMs = performance.now() - this.spawnedAt;
    }
    if (this.current && !this.current.delivered) {
      this.state = "running";
      this.deliver();
    } else {
      this.state = "idle";
      this.listener.idle(this);
    }
  }

  async invocationResponse(requestId: string, posted: PostedBody): Promise<RuntimeApiReply> {
    const current = this.currentFor(requestId);
    if (!current) return apiError(400, "InvalidRequestID", `Invalid request ID: ${requestId}`);
    await this.logsPosted(posted);
    // Timed out or stopped while the log records were arriving.
    if (this.current !== current) return apiError(403, "InvalidStateTransition", `The invocation ${requestId} has already ended.`);
    if (posted.tooLarge) {
      this.finish("error", "Function.ResponseSizeTooLarge", {
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: "Function.ResponseSizeTooLarge",
      });
      return apiError(413, "RequestEntityTooLarge", `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
    }
    this.finish("success", undefined, posted.body);
    return ACCEPTED;
  }

  async invocationError(requestId: string, posted: PostedBody): Promise<RuntimeApiReply> {
    const current = this.currentFor(requestId);
    if (!current) return apiError(400, "InvalidRequestID", `Invalid request ID: ${requestId}`);
    await this.logsPosted(posted);
    if (this.current !== current) return apiError(403, "InvalidStateTransition", `The invocation ${requestId} has already ended.`);
    this.finish("error", errorTypeOf(posted), posted.body);
    return ACCEPTED;
  }

  /** The handler could not be loaded: the invocation that started this environment fails with that error. */
  async initError(posted: PostedBody): Promise<RuntimeApiReply> {
    if (this.state !== "starting") return apiError(403, "InvalidStateTransition", "State transition from Ready to InitError failed for runtime.");
    this.initTimer?.cancel();
    await this.logsPosted(posted);
    this.initDurationMs = performance.now() - this.spawnedAt;
    const errorType = errorTypeOf(posted);
    this.emitPlatform(`INIT_REPORT Init Duration: ${this.initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`);
    if (this.current) {
      this.startInvocationLog(this.current);
      this.finish("error", errorType, posted.body);
    }
    void this.stop();
    return ACCEPTED;
  }

  private currentFor(requestId: string): CurrentInvocation | undefined {
    const current = this.current;
    return this.state === "running" && current?.delivered && current.request.requestId === requestId ? current : undefined;
  }

  private deliver(): void {
    const current = this.current!;
    const waiting = this.waiting!;
    this.waiting = undefined;
    const now = this.host.clock.now();
    const deadline = now + this.spec.timeoutSeconds * 1000;
    const headers: Record<string, string> = {
      "lambda-runtime-aws-request-id": current.request.requestId,
      "lambda-runtime-deadline-ms": String(deadline),
      "lambda-runtime-invoked-function-arn": this.spec.functionArn,
      "lambda-runtime-trace-id": current.request.traceId,
    };
    if (current.request.clientContext !== undefined) headers["lambda-runtime-client-context"] = current.request.clientContext;
    current.delivered = true;
    this.startInvocationLog(current);
    current.timer = this.host.clock.setTimer(this.spec.timeoutSeconds * 1000, () => this.timedOut(current));
    // A runtime that went away this very moment: its exit fails the invocation.
    waiting.deliver(headers, current.request.payload);
  }

  private startInvocationLog(current: CurrentInvocation): void {
    current.logging = true;
    current.startedAt = performance.now();
    this.emitPlatform(`START RequestId: ${current.request.requestId} Version: ${this.spec.version}`, {
      type: "platform.start",
      record: { requestId: current.request.requestId, version: this.spec.version },
    });
  }

  /** Completes the current invocation with END and REPORT, and settles it. */
  private finish(kind: InvocationOutcome["kind"], errorType: string | undefined, body: Buffer | object): void {
    const current = this.current;
    if (!current) return;
    current.timer?.cancel();
    this.flushPartialLines();
    const requestId = current.request.requestId;
    const durationMs = performance.now() - current.startedAt;
    const billedMs = Math.max(1, Math.ceil(durationMs));
    const initMs = this.initDurationMs;
    this.initDurationMs = undefined;
    this.emitPlatform(`END RequestId: ${requestId}`);
    this.emitPlatform(
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${this.spec.memorySize} MB\tMax Memory Used: ${this.maxMemoryUsedMb} MB\t` +
        (initMs !== undefined ? `Init Duration: ${initMs.toFixed(2)} ms\t` : ""),
      {
        type: "platform.report",
        record: {
          requestId,
          metrics: {
            durationMs: round2(durationMs),
            billedDurationMs: billedMs,
            memorySizeMB: this.spec.memorySize,
            maxMemoryUsedMB: this.maxMemoryUsedMb,
            ...(initMs !== undefined ? { initDurationMs: round2(initMs) } : {}),
          },
          status: kind === "success" ? "success" : errorType === "Sandbox.Timedout" ? "timeout" : "error",
          ...(kind === "error" && errorType ? { errorType } : {}),
        },
      },
    );
    this.current = undefined;
    if (this.state === "running") {
      this.state = "returning";
      this.listener.returning(this);
    }
    current.settle({
      kind,
      payload: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
      ...(errorType !== undefined ? { errorType } : {}),
      log: current.log.join(""),
    });
  }

  private failCurrent(errorType: string, message: string): void {
    const current = this.current;
    if (!current) return;
    if (!current.logging) this.startInvocationLog(current);
    this.finish("error", errorType, { errorType, errorMessage: message });
  }

  private timedOut(current: CurrentInvocation): void {
    if (this.current !== current) return;
    const seconds = this.spec.timeoutSeconds.toFixed(2);
    const requestId = current.request.requestId;
    this.emit(`${new Date(this.host.clock.now()).toISOString()} ${requestId} Task timed out after ${seconds} seconds\n`);
    // The payload the Invoke caller sees for a timeout (Lambda's "Sandbox.Timedout").
    this.finish("error", "Sandbox.Timedout", {
      errorType: "Sandbox.Timedout",
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
    });
    void this.stop();
  }

  private initTimedOut(): void {
    if (this.state !== "starting") return;
    this.emitPlatform(`INIT_REPORT Init Duration: ${INIT_TIMEOUT_MS.toFixed(2)} ms\tPhase: init\tStatus: timeout`);
    // Unconfirmed wording: the init phase ran past Lambda's 10-second limit.
    this.failCurrent("Sandbox.Timedout", `RequestId: ${this.current?.request.requestId} Error: Init phase timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds`);
    void this.stop();
  }

  /** The runtime exited on its own: once its last output is read, a pending invocation fails with Runtime.ExitError. */
  private processEnded(reason: string, outputRead: Promise<void>): void {
    if (this.state === "stopped") return;
    // Take down anything the function left running in the process group, so the pipes close.
    this.killProcessGroup();
    void outputRead.then(() => {
      const current = this.current;
      if (current) {
        const message = `RequestId: ${current.request.requestId} Error: Runtime exited with error: ${reason}`;
        if (!current.logging) this.startInvocationLog(current);
        this.emit(`${message}\nRuntime.ExitError\n`);
        this.failCurrent("Runtime.ExitError", message);
      }
      void this.stop();
    });
  }

  private async shutdown(): Promise<void> {
    const wasRunning = this.current?.delivered === true;
    this.state = "stopped";
    this.initTimer?.cancel();
    this.host.runtimeApi.unregister(this.id);
    this.killProcessGroup();
    if (this.current) {
      // Stopped from outside (function deleted or updated, emulator stopping) mid-invocation.
      const reason = wasRunning ? "signal: killed" : "the environment was stopped before the invocation started";
      this.failCurrent("Runtime.ExitError", `RequestId: ${this.current.request.requestId} Error: Runtime exited with error: ${reason}`);
    }
    this.waiting?.refuse();
    this.credentials?.revoke();
    for (const waiter of this.recordWaiters.splice(0)) waiter.resolve();
    this.listener.gone(this);
    this.logClosed = true;
    // Stopped means gone: wait until the killed process has really exited.
    // A stop during start: extraction may still be writing into the directory.
    await Promise.all([this.exited, this.logSink.close(), this.starting]);
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }

  /** Kills the runtime and whatever it started (its process group), even after the runtime itself exited. */
  private killProcessGroup(): void {
    const child = this.child;
    if (child?.pid === undefined) return;
    try {
      if (process.platform === "win32") child.kill("SIGKILL");
      else process.kill(-child.pid, "SIGKILL");
    } catch {
      // Nothing left to kill.
    }
  }

  /** Waits until the log records the runtime wrote before posting have arrived, then notes its memory. */
  private async logsPosted(posted: PostedBody): Promise<void> {
    this.noteMemory(posted.headers);
    const count = Number(posted.headers[LOG_RECORDS_HEADER]);
    if (!Number.isFinite(count) || this.recordsReceived >= count || this.state === "stopped") return;
    await new Promise<void>((resolve) => this.recordWaiters.push({ count, resolve }));
  }

  private noteMemory(headers: Record<string, string>): void {
    const memoryKb = Number(headers[MAX_RSS_HEADER]);
    if (Number.isFinite(memoryKb) && memoryKb > 0) this.maxMemoryUsedMb = Math.ceil(memoryKb / 1024);
  }

  private releaseRecordWaiters(): void {
    this.recordWaiters = this.recordWaiters.filter((waiter) => {
      if (this.recordsReceived < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  private emit(message: string): void {
    if (this.logClosed) return;
    this.logSink.write(message);
    if (this.current?.logging) this.current.log.push(message);
  }

  /** Platform lines in the function's log format (Text lines, or JSON records). */
  private emitPlatform(text: string, json?: { type: string; record: object }): void {
    if (this.spec.logFormat === "JSON") {
      // System log level WARN and above hides the platform's INFO records.
      if (!json || (this.spec.systemLogLevel !== undefined && this.spec.systemLogLevel !== "DEBUG" && this.spec.systemLogLevel !== "INFO")) return;
      this.emit(`${JSON.stringify({ time: new Date(this.host.clock.now()).toISOString(), ...json })}\n`);
    } else {
      this.emit(`${text}\n`);
    }
  }

  private emitRaw(source: string, text: string): void {
    const lines = ((this.partialLines.get(source) ?? "") + text).split("\n");
    this.partialLines.set(source, lines.pop() ?? "");
    for (const line of lines) this.emit(`${line}\n`);
  }

  private flushPartialLines(): void {
    for (const [source, partial] of this.partialLines) {
      if (partial.length > 0) this.emit(`${partial}\n`);
      this.partialLines.set(source, "");
    }
  }
}

function errorTypeOf(posted: PostedBody): string {
  const header = posted.headers["lambda-runtime-function-error-type"];
  if (header) return header;
  try {
    const parsed = JSON.parse(posted.body.toString("utf8")) as { errorType?: unknown };
    if (typeof parsed.errorType === "string") return parsed.errorType;
  } catch {
    // Not JSON: the type stays unknown.
  }
  return "Unhandled";
}

function signalName(signal: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: "killed", SIGABRT: "aborted", SIGSEGV: "segmentation fault", SIGTERM: "terminated" };
  return names[signal] ?? signal;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
