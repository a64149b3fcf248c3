/**
 * How a function's environments serve invocations under steady load: an
 * invocation waits briefly for an environment that has just answered rather
 * than cold-starting another, for as long as environments keep coming back,
 * and a new one starts only when none came back within the grace. An
 * environment initialised ahead serves the first invocation warm.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock } from "../../../../../src/emulator/clock.js";
import { EnvironmentPool } from "../../../../../src/emulator/execution/host/environment-pool.js";
import type { EnvironmentSpec, InvocationOutcome, PendingInvocation, PooledEnvironment, PoolListener } from "../../../../../src/emulator/execution/host/environment.js";

/** An environment whose runtime does what the test says, when it says so. */
class ScriptedEnvironment implements PooledEnvironment {
  readonly revision = "1";
  readonly served: string[] = [];
  private current: PendingInvocation | undefined;

  constructor(
    private readonly listener: PoolListener,
    first: PendingInvocation | undefined,
  ) {
    this.current = first;
  }

  async start(): Promise<void> {}

  assign(invocation: PendingInvocation): boolean {
    if (this.current) return false;
    this.current = invocation;
    return true;
  }

  async stop(): Promise<void> {
    this.listener.gone(this);
  }

  /** The runtime posts its response. */
  answer(): void {
    const current = this.current!;
    this.current = undefined;
    this.served.push(current.request.requestId);
    this.listener.returning(this);
    current.settle({ kind: "success", payload: Buffer.from("null"), log: "" });
  }

  /** The runtime asks for its next event. */
  askForNext(): void {
    this.listener.idle(this);
  }
}

function poolWithScriptedEnvironments(clock: ManualClock) {
  const launched: ScriptedEnvironment[] = [];
  const pool = new EnvironmentPool(
    clock,
    () => ({ revision: "1" }) as EnvironmentSpec,
    (_spec, listener, first) => {
      const environment = new ScriptedEnvironment(listener, first);
      launched.push(environment);
      return environment;
    },
  );
  const invoke = (requestId: string): Promise<InvocationOutcome> => pool.invoke({ requestId, payload: Buffer.from("{}"), traceId: "Root=1-0-0" });
  return { pool, launched, invoke };
}

describe("Lambda environment pool", () => {
  it("keeps serving from returning environments while they keep coming back, however long the queue stays busy", async () => {
    const clock = new ManualClock();
    const { launched, invoke } = poolWithScriptedEnvironments(clock);
    const outcomes = [invoke("a"), invoke("b")];
    assert.equal(launched.length, 2, "two invocations at once, two cold starts");
    const [first, second] = launched as [ScriptedEnvironment, ScriptedEnvironment];

    first.answer();
    outcomes.push(invoke("c"));
    clock.advance(150);
    first.askForNext();
    second.answer();
    outcomes.push(invoke("d"));
    // More than the grace after "c" began to wait, but "d" has waited only 100 ms.
    clock.advance(100);
    assert.equal(launched.length, 2, "no environment started while the others kept returning");
    second.askForNext();
    first.answer();
    second.answer();
    await Promise.all(outcomes);
    assert.deepEqual(first.served, ["a", "c"]);
    assert.deepEqual(second.served, ["b", "d"]);
  });

  it("starts another environment when none came back within the grace", async () => {
    const clock = new ManualClock();
    const { launched, invoke } = poolWithScriptedEnvironments(clock);
    const a = invoke("a");
    launched[0]!.answer();
    await a;
    const b = invoke("b");
    clock.advance(199);
    assert.equal(launched.length, 1);
    clock.advance(1);
    assert.equal(launched.length, 2, "the grace ran out: a cold start serves the invocation");
    launched[1]!.answer();
    await b;
    assert.deepEqual(launched[1]!.served, ["b"]);
  });

  it("initialises one environment ahead, which then serves the first invocation without a cold start", async () => {
    const clock = new ManualClock();
    const { pool, launched, invoke } = poolWithScriptedEnvironments(clock);
    pool.prewarm();
    pool.prewarm();
    assert.equal(launched.length, 1, "one environment ahead, not one per call");
    // The invocation arrives while the environment is still initialising: it waits for it, however long that takes.
    const a = invoke("a");
    clock.advance(5_000);
    assert.equal(launched.length, 1, "no second cold start beside the initialising environment");
    launched[0]!.askForNext();
    launched[0]!.answer();
    await a;
    assert.deepEqual(launched[0]!.served, ["a"]);
  });
});
