/**
 * The contract every resource kind implements: read the live resource and
 * compare it with the desired properties, create it, repair drift, remove it.
 * All of it idempotent: read before create, NotFound on delete is success.
 */
import type { AwsClients, CoreClock } from "../context.js";
import type { ConsumerSpec } from "../stack/config.js";
import type { WaitEnv } from "../waits.js";

/** A deployable function bundle: the zip and its base64 SHA-256 (what Lambda reports as CodeSha256). */
export interface HandlerCode {
  zip: Uint8Array;
  sha256: string;
  /** The source files a project bundle was built from (absolute paths): what `eda watch` watches. */
  sources?: string[];
}

export type HandlerCodeSource = (consumer: ConsumerSpec) => Promise<HandlerCode>;

export interface ResourceEnv {
  clients: AwsClients;
  clock: CoreClock;
  signal: AbortSignal;
  /** Reports something visible inside the running step: a wait, a retry, a sub-step. */
  progress(message: string, attempt?: number): void;
  handlerCode: HandlerCodeSource;
}

/**
 * Thrown by a create that finds the resource made a moment ago by another run
 * (two setups at once), where AWS itself would not refuse: setup reads again
 * and converges, as it does for AWS's "already exists" errors.
 */
export class ConcurrentChange extends Error {
  override name = "ConcurrentChange";
}

/** One field that differs: its live value and the planned one (policies as parsed JSON documents). */
export interface FieldChange {
  field: string;
  current: unknown;
  planned: unknown;
}

/** One difference between the live resource and the plan, with the call that fixes it. */
export interface Drift {
  /** What is wrong, in words ("VisibilityTimeout is 30, expected 180"). */
  description: string;
  /** The same difference field by field, for `eda diff`; absent where only words describe it. */
  changes?: FieldChange[];
  repair(): Promise<void>;
}

export type Observation =
  | {
      exists: false;
      /** Why it counts as missing when something by that name is there (a bucket name another account owns). */
      note?: string;
    }
  | {
      exists: true;
      drift: Drift[];
      /** Live figures for `eda status`: states, queue depths. */
      facts: Record<string, string | number | boolean>;
    };

export interface ResourceModule<Props> {
  /** "queue eda-demo-inventory": the kind and the AWS name, for progress lines. */
  describe(props: Props): string;
  read(props: Props, env: ResourceEnv): Promise<Observation>;
  create(props: Props, env: ResourceEnv): Promise<void>;
  /** Deletes the resource; "absent" when there was nothing to delete. */
  remove?(props: Props, env: ResourceEnv): Promise<"deleted" | "absent">;
  /** For parts of another resource (a topic's policy): what removes them, instead of `remove`. */
  removedWith?: string;
}

export function present(drift: Drift[] = [], facts: Record<string, string | number | boolean> = {}): Observation {
  return { exists: true, drift, facts };
}

export const absent: Observation = { exists: false };

/** A step's waits: its clock and signal, every retry reported as progress ("waiting: ...", "retrying: ..."). */
export function waitsOf(env: ResourceEnv, verb: "waiting" | "retrying" = "waiting"): WaitEnv {
  return { clock: env.clock, signal: env.signal, onRetry: (reason, attempt) => env.progress(`${verb}: ${reason}`, attempt) };
}
