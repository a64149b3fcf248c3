import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { systemClock, systemRandom, type Clock, type Random } from "./clock.js";
import { parseFaultPlan, type FaultPlan } from "./faults.js";

/**
 * "fast" answers at once; "realistic" adds AWS's eventual consistency: IAM
 * propagation, functions that start Pending, mappings that pass through
 * Creating/Enabling, so the CLI's waits are exercised locally.
 */
export type ConsistencyProfile = "fast" | "realistic";

/** How long AWS takes to make a change visible elsewhere, per profile. */
export interface ConsistencyDelays {
  /** New roles, trust-policy edits and role policies before Lambda/STS see them. */
  iamPropagationMs: number;
  /** CreateFunction: State Pending before Active. */
  functionPendingMs: number;
  /** UpdateFunctionCode/Configuration: LastUpdateStatus InProgress before Successful. */
  functionUpdateMs: number;
  /** Event source mapping Creating/Enabling/Updating/Disabling/Deleting transitions. */
  mappingTransitionMs: number;
}

export const CONSISTENCY_DELAYS: Record<ConsistencyProfile, ConsistencyDelays> = {
  fast: { iamPropagationMs: 0, functionPendingMs: 0, functionUpdateMs: 0, mappingTransitionMs: 0 },
  realistic: { iamPropagationMs: 3000, functionPendingMs: 1500, functionUpdateMs: 1000, mappingTransitionMs: 2000 },
};

export interface EmulatorSettings {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  profile: ConsistencyProfile;
  /** Derived from `profile` unless given explicitly. */
  delays: ConsistencyDelays;
  clock: Clock;
  /** How many times faster queue time runs than `clock` (visibility, delays, retention, long polls, mapping retries); 1 by default. */
  timeScale: number;
  /**
   * What request dates and presigned URLs are checked against (15 minutes of
   * skew, X-Amz-Expires). The system clock unless given: SDK clients sign
   * with the wall clock even when `clock` is a test's manual one.
   */
  signatureClock: Clock;
  random: Random;
  /** Injected faults for requests from clients (EDA_LOCAL_FAULTS); none by default. */
  faults?: FaultPlan;
  /**
   * Each execution environment's process writes a V8 CPU profile into this
   * folder as it exits (EDA_LOCAL_FUNCTION_CPU_PROFILE); none by default.
   */
  functionCpuProfileDir?: string;
  /** Where the emulator's own log lines go (delivery failures, denials). */
  log: (entry: EmulatorLogEntry) => void;
  /** Sent as x-eda-admin-token, lets a caller use the admin API (/_eda/) without signing; random unless given. */
  adminToken: string;
  /** Origins (scheme://host[:port]) of web pages allowed to call the emulator; none by default. */
  corsOrigins: string[];
  connections: ConnectionLimits;
}

/** How long a connection may take over each part of a request, and how many may be open. */
export interface ConnectionLimits {
  /** A request head must be complete this long after its first byte. */
  headersTimeoutMs: number;
  /** A request, body included, must be complete this long after its first byte (answering is not counted). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this (longer than SDK agents keep theirs). */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are closed as they arrive (one log line each time the cap is reached). */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 1000,
};

export interface EmulatorLogEntry {
  time: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  [field: string]: unknown;
}

/** The local-emulator convention users already know (LocalStack, moto). */
export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_ACCESS_KEY_ID = "test";
export const DEFAULT_SECRET_ACCESS_KEY = "test";

/**
 * `EDA_LOCAL_PROFILE=realistic` switches the realistic profile on,
 * `EDA_LOCAL_FAULTS=<plan>` injects faults and
 * `EDA_LOCAL_FUNCTION_CPU_PROFILE=<dir>` profiles the functions, without code changes.
 */
export function resolveSettings(overrides: Partial<EmulatorSettings> = {}): EmulatorSettings {
  const profile = overrides.profile ?? (process.env.EDA_LOCAL_PROFILE === "realistic" ? "realistic" : "fast");
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
    clock: systemClock,
    timeScale: 1,
    signatureClock: systemClock,
    random: systemRandom,
    log: () => {},
    corsOrigins: [],
    ...overrides,
    adminToken: overrides.adminToken ?? randomBytes(24).toString("hex"),
    connections: { ...DEFAULT_CONNECTION_LIMITS, ...overrides.connections },
    profile,
    delays: overrides.delays ?? CONSISTENCY_DELAYS[profile],
    faults: overrides.faults ?? (process.env.EDA_LOCAL_FAULTS ? parseFaultPlan(process.env.EDA_LOCAL_FAULTS) : undefined),
    // Absolute: each function's process runs in its own task folder.
    functionCpuProfileDir: resolveOptionalDir(overrides.functionCpuProfileDir ?? process.env.EDA_LOCAL_FUNCTION_CPU_PROFILE),
  };
}

function resolveOptionalDir(directory: string | undefined): string | undefined {
  return directory ? resolve(directory) : undefined;
}
