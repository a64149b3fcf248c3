/**
 * One execution environment: a Node.js child process running the runtime
 * interface client against this environment's Runtime API, its extracted
 * code, its role credentials and its log stream. It serves one invocation at
 * a time, is reused while warm, and is destroyed on timeout, crash or stop.
 *
 * Lifecycle: starting (spawned, loading the handler) -> idle (waiting in
 * GET /next) -> running (event delivered) -> returning (completed, until the
 * runtime asks for the next event) -> idle ... -> stopped. An environment
 * started for an invocation (a cold start) serves that invocation first; one
 * initialised ahead becomes idle once its runtime asks for an event.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Timer } from "../../clock.js";
import type {
  EnvironmentCredentials,
  EnvironmentHost,
  EnvironmentSpec,
  InvocationOutcome,
  PendingInvocation,
  PooledEnvironment,
  PoolListener,
} from "./environment.js";
import { LOG_RECORDS_HEADER } from "../child/log-channel.js";
import { PlatformLog } from "./platform-log.js";
import {
  ACCEPTED,
  apiError,
  MAX_RESPONSE_BYTES,
  type PostedBody,
  type RuntimeApiEnvironment,
  type RuntimeApiReply,
  type WaitingNext,
} from "./runtime-api.js";
import type { RuntimeFiles } from "./runtime-files.js";
import { RuntimeProcess } from "./runtime-process.js";

type State = "starting" | "idle" | "running" | "returning" | "stopped";

/** Lambda's limit on the init phase. */
const INIT_TIMEOUT_MS = 10_000;

/** How long a profiled runtime may take to exit and write its CPU profile before it is killed. */
const PROFILE_WRITE_GRACE_MS = 5_000;

interface CurrentInvocation extends PendingInvocation {
  /** The runtime has the event (and may post its result). */
  delivered: boolean;
  /** START was written: log lines belong to this invocation. */
  logging: boolean;
  startedAt: number;
  timer?: Timer;
}

/**
 * The invocation state machine and the Runtime API's answers; the process
 * (RuntimeProcess) and the log lines (PlatformLog) are their own parts.
 */
export class ExecutionEnvironment implements RuntimeApiEnvironment, PooledEnvironment {
  readonly id: string;
  readonly logStreamName: string;
  private state: State = "starting";
  private process: RuntimeProcess | undefined;
  private directory: string | undefined;
  private credentials: EnvironmentCredentials | undefined;
  private readonly log: PlatformLog;
  private waiting: WaitingNext | undefined;
  private current: CurrentInvocation | undefined;
  private spawnedAt = 0;
  private initDurationMs: number | undefined;
  private initTimer: Timer | undefined;
  private stopping: Promise<void> | undefined;
  /** The code extraction and spawn; a stop waits for it before removing the directory it writes to. */
  private starting: Promise<void> | undefined;

  constructor(
    readonly spec: EnvironmentSpec,
    private readonly host: EnvironmentHost,
    private readonly listener: PoolListener,
    first: PendingInvocation | undefined,
  ) {
    this.id = host.random.hex(16);
    const day = new Date(host.clock.now()).toISOString().slice(0, 10).replace(/-/g, "/");
    this.logStreamName = `${day}/[${spec.version}]${this.id}`;
    this.log = new PlatformLog(spec, host.clock, host.openLogStream(spec, this.logStreamName));
    if (first) this.current = { ...first, delivered: false, logging: false, startedAt: 0 };
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
      const [files, credentials] = await Promise.all([this.host.runtimeFiles(), this.host.credentials(this.spec)]);
      this.credentials = credentials;
      if (this.stopped) {
        credentials.revoke();
        return;
      }
      this.directory = await this.host.environmentDirectory(this.id);
      const taskRoot = join(this.directory, "task");
      await mkdir(taskRoot, { recursive: true });
      await this.spec.extractCode(taskRoot);
      if (this.stopped) return;
      this.spawn(files, taskRoot, credentials);
    } catch (error) {
      this.host.warn("execution environment failed to start", { function: this.spec.functionArn, error: String(error) });
      this.failCurrent("Runtime.Unknown", "Unknown application error occurred");
      void this.stop();
    }
  }

  /** Stopped meanwhile (read after an await). */
  private get stopped(): boolean {
    return this.state === "stopped";
  }

  /** Gives an idle environment its next invocation; false if its runtime has gone away meanwhile. */
  assign(invocation: PendingInvocation): boolean {
    if (this.state !== "idle" || !this.waiting?.open) return false;
    // Credentials that could expire mid-invocation: this environment retires, a fresh one takes over.
    if (this.credentials && this.credentials.expiresAt - this.host.clock.now() < (this.spec.timeoutSeconds + 60) * 1000) {
      void this.stop();
      return false;
    }
    this.current = { ...invocation, delivered: false, logging: false, startedAt: 0 };
    this.state = "running";
    this.deliver();
    return true;
  }

  /** Kills the process, fails an invocation in progress, flushes logs, removes the code. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private spawn(files: RuntimeFiles, taskRoot: string, credentials: EnvironmentCredentials): void {
    const spec = this.spec;
    // The runtime version names the Node.js that really runs the code: this machine's.
    this.log.initStart(`${spec.runtime.replace(/^nodejs(\d+)\.x$/, "nodejs:$1")}.local-node-${process.version}`);
    this.spawnedAt = performance.now();
    this.process = new RuntimeProcess(
      {
        spec,
        files,
        taskRoot,
        credentials,
        runtimeApi: this.host.runtimeApi.register(this.id, this, this.host.endpoint),
        endpoint: this.host.endpoint,
        logStreamName: this.logStreamName,
        // The function's name first, so a user finds the function's profiles; the id is in its log stream's name.
        ...(this.host.cpuProfileDir ? { cpuProfile: { directory: this.host.cpuProfileDir, fileName: `${spec.functionName}.${this.id}.cpuprofile` } } : {}),
      },
      {
        line: (text) => this.log.write(text),
        raw: (source, text) => this.log.raw(source, text),
        ended: (reason, outputRead) => this.processEnded(reason, outputRead),
      },
    );
    this.initTimer = this.host.clock.setTimer(INIT_TIMEOUT_MS, () => this.initTimedOut());
  }

  next(waiting: WaitingNext, headers: Record<string, string>): void {
    if (this.state === "stopped") {
      waiting.refuse();
      return;
    }
    this.log.noteMemory(headers);
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
    this.log.initReport(this.initDurationMs, "error", errorType);
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
    this.log.start(current.request.requestId);
  }

  /** Completes the current invocation with END and REPORT, and settles it. */
  private finish(kind: InvocationOutcome["kind"], errorType: string | undefined, body: Buffer | object): void {
    const current = this.current;
    if (!current) return;
    current.timer?.cancel();
    const log = this.log.end({
      requestId: current.request.requestId,
      durationMs: performance.now() - current.startedAt,
      initDurationMs: this.initDurationMs,
      kind,
      errorType,
    });
    this.initDurationMs = undefined;
    this.current = undefined;
    if (this.state === "running") {
      this.state = "returning";
      this.listener.returning(this);
    }
    current.settle({
      kind,
      payload: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
      ...(errorType !== undefined ? { errorType } : {}),
      log,
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
    this.log.write(`${new Date(this.host.clock.now()).toISOString()} ${requestId} Task timed out after ${seconds} seconds\n`);
    // The payload the Invoke caller sees for a timeout (Lambda's "Sandbox.Timedout").
    this.finish("error", "Sandbox.Timedout", {
      errorType: "Sandbox.Timedout",
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
    });
    // Killed at once, profiled or not: the runtime is still busy with the invocation.
    this.process?.kill();
    void this.stop();
  }

  private initTimedOut(): void {
    if (this.state !== "starting") return;
    this.log.initReport(INIT_TIMEOUT_MS, "timeout");
    // Unconfirmed wording: the init phase ran past Lambda's 10-second limit.
    this.failCurrent("Sandbox.Timedout", `RequestId: ${this.current?.request.requestId} Error: Init phase timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds`);
    void this.stop();
  }

  /** The runtime exited on its own: once its last output is read, a pending invocation fails with Runtime.ExitError. */
  private processEnded(reason: string, outputRead: Promise<void>): void {
    if (this.state === "stopped") return;
    // Take down anything the function left running in the process group, so the pipes close.
    this.process?.kill();
    void outputRead.then(() => {
      const current = this.current;
      if (current) {
        const message = `RequestId: ${current.request.requestId} Error: Runtime exited with error: ${reason}`;
        if (!current.logging) this.startInvocationLog(current);
        this.log.write(`${message}\nRuntime.ExitError\n`);
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
    // A profiled runtime is told to leave rather than killed, so that V8 writes its profile as it exits.
    const profiled = this.host.cpuProfileDir !== undefined;
    if (!profiled) this.process?.kill();
    if (this.current) {
      // Stopped from outside (function deleted or updated, emulator stopping) mid-invocation.
      const reason = wasRunning ? "signal: killed" : "the environment was stopped before the invocation started";
      this.failCurrent("Runtime.ExitError", `RequestId: ${this.current.request.requestId} Error: Runtime exited with error: ${reason}`);
    }
    this.waiting?.refuse();
    this.credentials?.revoke();
    this.process?.abandonWaits();
    this.listener.gone(this);
    // Its refused wait (or, mid-invocation, its refused completion) makes the runtime exit.
    if (profiled) await this.process?.leave(PROFILE_WRITE_GRACE_MS);
    // Stopped means gone: wait until the killed process has really exited.
    // A stop during start: extraction may still be writing into the directory.
    await Promise.all([this.process?.exited, this.log.close(), this.starting]);
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }

  /** Waits until the log records the runtime wrote before posting have arrived, then notes its memory. */
  private async logsPosted(posted: PostedBody): Promise<void> {
    this.log.noteMemory(posted.headers);
    if (this.state === "stopped" || !this.process) return;
    await this.process.recordsArrived(Number(posted.headers[LOG_RECORDS_HEADER]));
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
