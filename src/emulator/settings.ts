import { systemClock, systemRandom, type Clock, type Random } from "./clock.js";

/**
 * "fast" answers at once; "realistic" adds AWS's eventual consistency: IAM
 * propagation, functions that start Pending, mappings that pass through
 * Creating/Enabling, so the CLI's waits are exercised locally.
 */
export type ConsistencyProfile = "fast" | "realistic";

export interface EmulatorSettings {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  profile: ConsistencyProfile;
  clock: Clock;
  random: Random;
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

export function resolveSettings(overrides: Partial<EmulatorSettings> = {}): EmulatorSettings {
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
    profile: process.env.EDA_LOCAL_PROFILE === "realistic" ? "realistic" : "fast",
    clock: systemClock,
    random: systemRandom,
    log: () => {},
    ...overrides,
  };
}
