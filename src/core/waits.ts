/**
 * Bounded waits for AWS's eventual consistency: retry a call while it fails
 * with a known transient error, or poll until a resource reaches a state.
 * Exponential backoff with jitter, a total time budget, every retry reported
 * (so users see why a step takes time), and Ctrl-C stops the wait at once.
 */
import type { CoreClock } from "./context.js";
import { OperationError } from "./errors.js";

export interface WaitPolicy {
  /** Give up once this much time has passed since the first attempt. */
  timeoutMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface WaitEnv {
  clock: CoreClock;
  signal?: AbortSignal;
  /** Called before each pause, with the attempt that just failed (1-based). */
  onRetry?: (reason: string, attempt: number, delayMs: number) => void;
  /** Jitter source in [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
}

/**
 * IAM propagation: AWS reports seconds, occasionally more than 10 s; retry for
 * two minutes, at least every 3 s so setup goes on soon after the change lands.
 */
export const IAM_PROPAGATION: WaitPolicy = { timeoutMs: 120_000, initialDelayMs: 500, maxDelayMs: 3_000 };
/** Lambda function Pending -> Active, update InProgress -> Successful (the SDK waiters allow 5 minutes). */
export const FUNCTION_STATE: WaitPolicy = { timeoutMs: 300_000, initialDelayMs: 500, maxDelayMs: 5_000 };
/** Event source mapping transitions (Creating, Enabling, Updating, Deleting). */
export const MAPPING_STATE: WaitPolicy = { timeoutMs: 300_000, initialDelayMs: 500, maxDelayMs: 5_000 };
/** SQS refuses to recreate a queue name for 60 s after deleting it. */
export const QUEUE_NAME_REUSE: WaitPolicy = { timeoutMs: 90_000, initialDelayMs: 2_000, maxDelayMs: 10_000 };

export function backoffDelay(policy: WaitPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
}

/**
 * Runs `attempt` until it succeeds. When it throws, `transientReason` says
 * whether the error is one to wait out (a short reason) or final (undefined:
 * rethrown at once).
 */
export async function retryTransient<T>(
  what: string,
  attempt: () => Promise<T>,
  transientReason: (error: unknown) => string | undefined,
  policy: WaitPolicy,
  env: WaitEnv,
): Promise<T> {
  const started = env.clock.now();
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      const reason = transientReason(error);
      if (reason === undefined) throw error;
      await pauseOrGiveUp(what, reason, attemptNumber, started, policy, env, error);
    }
  }
}

export type Probe<T> = { done: true; value: T } | { done: false; reason: string };

/** Polls `probe` until it reports done. Errors thrown by `probe` end the wait. */
export async function waitUntil<T>(what: string, probe: () => Promise<Probe<T>>, policy: WaitPolicy, env: WaitEnv): Promise<T> {
  const started = env.clock.now();
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await probe();
    if (result.done) return result.value;
    await pauseOrGiveUp(what, result.reason, attemptNumber, started, policy, env);
  }
}

async function pauseOrGiveUp(
  what: string,
  reason: string,
  attemptNumber: number,
  started: number,
  policy: WaitPolicy,
  env: WaitEnv,
  cause?: unknown,
): Promise<void> {
  // Equal jitter (half the backoff plus a random share of the other half): steps
  // waiting at once (up to six) do not retry in lockstep, and every pause still grows.
  const backoff = backoffDelay(policy, attemptNumber);
  const delay = Math.round(backoff / 2 + (env.random ?? Math.random)() * (backoff / 2));
  const elapsed = env.clock.now() - started;
  if (elapsed + delay > policy.timeoutMs) {
    throw new OperationError(`gave up waiting for ${what} after ${Math.round(elapsed / 1000)} s: ${reason}`, { cause });
  }
  env.onRetry?.(reason, attemptNumber, delay);
  await env.clock.sleep(delay, env.signal);
}
