import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CoreClock } from "../../../src/core/context.js";
import { OperationError } from "../../../src/core/errors.js";
import { backoffDelay, retryTransient, waitUntil, type WaitPolicy } from "../../../src/core/waits.js";

/** Virtual time: sleeping advances the clock at once, so waits are checked without waiting. */
class VirtualClock implements CoreClock {
  time = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  }
}

const policy: WaitPolicy = { timeoutMs: 10_000, initialDelayMs: 500, maxDelayMs: 2_000 };

class TransientError extends Error {
  override name = "InvalidParameterValueException";
}

describe("retryTransient", () => {
  it("retries a transient error with exponential backoff, reporting each retry, until it succeeds", async () => {
    const clock = new VirtualClock();
    const retries: string[] = [];
    let attempts = 0;
    const value = await retryTransient(
      "the role",
      async () => {
        attempts++;
        if (attempts < 5) throw new TransientError("The role defined for the function cannot be assumed by Lambda.");
        return "created";
      },
      (error) => (error instanceof TransientError ? "role not assumable yet" : undefined),
      policy,
      { clock, random: () => 1, onRetry: (reason, attempt, delay) => retries.push(`${attempt}:${delay}:${reason}`) },
    );
    assert.equal(value, "created");
    assert.deepEqual(clock.sleeps, [500, 1000, 2000, 2000]);
    assert.deepEqual(retries, ["1:500:role not assumable yet", "2:1000:role not assumable yet", "3:2000:role not assumable yet", "4:2000:role not assumable yet"]);
  });

  it("spreads its pauses with jitter between half and all of the backoff", async () => {
    const pauses = async (random: () => number) => {
      const clock = new VirtualClock();
      let attempts = 0;
      await retryTransient("x", async () => (++attempts < 4 ? Promise.reject(new TransientError("no")) : "ok"), () => "again", policy, { clock, random });
      return clock.sleeps;
    };
    assert.deepEqual(await pauses(() => 0), [250, 500, 1000]);
    assert.deepEqual(await pauses(() => 0.5), [375, 750, 1500]);
    assert.notDeepEqual(await pauses(Math.random), await pauses(Math.random));
  });

  it("rethrows other errors at once", async () => {
    const clock = new VirtualClock();
    await assert.rejects(
      retryTransient("x", async () => Promise.reject(new Error("AccessDenied")), () => undefined, policy, { clock }),
      /AccessDenied/,
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it("gives up within its time budget with a one-line reason", async () => {
    const clock = new VirtualClock();
    const error = await retryTransient("role r to become assumable", async () => Promise.reject(new TransientError("no")), () => "still propagating", policy, { clock }).catch(
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof OperationError);
    assert.match(error.message, /^gave up waiting for role r to become assumable after \d+ s: still propagating$/);
    assert.ok(clock.time <= policy.timeoutMs, "never sleeps past the budget");
    assert.ok(error.cause instanceof TransientError, "the last AWS error is kept as the cause");
  });

  it("stops waiting when cancelled", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    controller.abort(new Error("interrupted"));
    await assert.rejects(
      retryTransient("x", async () => Promise.reject(new TransientError("no")), () => "again", policy, { clock, signal: controller.signal }),
      /interrupted/,
    );
  });
});

describe("waitUntil", () => {
  it("polls until the probe is done and returns its value", async () => {
    const clock = new VirtualClock();
    const states = ["Pending", "Pending", "Active"];
    const reasons: string[] = [];
    const state = await waitUntil(
      "function f to be Active",
      async () => {
        const current = states.shift()!;
        return current === "Active" ? { done: true, value: current } : { done: false, reason: `function is ${current}` };
      },
      policy,
      { clock, onRetry: (reason) => reasons.push(reason) },
    );
    assert.equal(state, "Active");
    assert.deepEqual(reasons, ["function is Pending", "function is Pending"]);
  });

  it("times out naming what it waited for", async () => {
    const clock = new VirtualClock();
    await assert.rejects(
      waitUntil("mapping q -> f to be Enabled", async () => ({ done: false, reason: "mapping is Creating" }), policy, { clock }),
      /gave up waiting for mapping q -> f to be Enabled after \d+ s: mapping is Creating/,
    );
  });
});

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the cap", () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt)), [500, 1000, 2000, 2000, 2000]);
  });
});
