/**
 * What the execution environments, their pool and the emulator agree on: an
 * invocation and its outcome, the function as an environment runs it, what
 * an environment needs from the emulator, and what the pool needs of an
 * environment. Types only, so the pool and the environment depend on this
 * file rather than on each other.
 */
import type { Clock, Random } from "../../clock.js";
import type { RuntimeApi } from "./runtime-api.js";
import type { RuntimeFiles } from "./runtime-files.js";

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
  /** When the credentials expire (epoch ms); an environment is not given an invocation that could outlast them. */
  expiresAt: number;
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
  /** Where each environment's process writes a V8 CPU profile as it exits; undefined: not profiled. */
  readonly cpuProfileDir: string | undefined;
  runtimeFiles(): Promise<RuntimeFiles>;
  /** A fresh directory for one environment's code. */
  environmentDirectory(environmentId: string): Promise<string>;
  /** Temporary credentials of the function's execution role (rejects if it cannot be assumed). */
  credentials(spec: EnvironmentSpec): Promise<EnvironmentCredentials>;
  openLogStream(spec: EnvironmentSpec, streamName: string): EnvironmentLogSink;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** What the pool needs of an execution environment. */
export interface PooledEnvironment {
  readonly revision: string;
  /** Starts the runtime; the environment serves its first invocation once it asks for it. */
  start(): Promise<void>;
  /** Gives an idle environment its next invocation; false if its runtime has gone away meanwhile. */
  assign(invocation: PendingInvocation): boolean;
  stop(): Promise<void>;
}

/** How an environment tells its pool where it stands. */
export interface PoolListener {
  /** An invocation completed; the runtime will ask for the next event in a moment. */
  returning(environment: PooledEnvironment): void;
  /** The runtime waits for an event and none is assigned. */
  idle(environment: PooledEnvironment): void;
  /** The environment stopped for good. */
  gone(environment: PooledEnvironment): void;
}
