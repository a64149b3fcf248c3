/**
 * Synchronising on state: poll a check until it yields a value. The bound
 * only decides how long a failing test takes to say so, so it is generous
 * (a loaded 2-core machine runs several suites at once); a passing test
 * returns as soon as the state is there.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";

/** Resolves with the first value `check` yields (not undefined or false), checking every `everyMs`; fails after `boundMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, boundMs = 90_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what} after ${boundMs} ms`);
    await sleep(everyMs);
  }
}
