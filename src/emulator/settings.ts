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
  random: Random;
  /** Injected faults for requests from clients (EDA_LOCAL_FAULTS); none by default. */
  faults?: FaultPlan;
  /** Where the emulator's own log lines go (delivery failures, denials). */
  log: (entry: EmulatorLogEntry) => void;
}

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
 * `EDA_LOCAL_PROFILE=realistic` switches the realistic profile on and
 * `EDA_LOCAL_FAULTS=<plan>` injects faults, without code changes.
 */
export function resolveSettings(overrides: Partial<EmulatorSettings> = {}): EmulatorSettings {
  const profile = overrides.profile ?? (process.env.EDA_LOCAL_PROFILE === "realistic" ? "realistic" : "fast");
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
    clock: systemClock,
    timeScale: 1,
    random: systemRandom,
    log: () => {},
    ...overrides,
    profile,
    delays: overrides.delays ?? CONSISTENCY_DELAYS[profile],
    faults: overrides.faults ?? (process.env.EDA_LOCAL_FAULTS ? parseFaultPlan(process.env.EDA_LOCAL_FAULTS) : undefined),
  };
}
