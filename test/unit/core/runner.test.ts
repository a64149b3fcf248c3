import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { executionWaves, findCycle, GraphError, runGraph, validateGraph, type GraphNode } from "../../../src/core/runner.js";

/** A clock that moves only when the test says so. */
class TestClock {
  time = 1_000;
  now(): number {
    return this.time;
  }
}

/** Work items the test finishes by hand, so it controls exactly what runs when. */
class Gate {
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  readonly started: string[] = [];
  private readonly listeners: (() => void)[] = [];

  run = (node: GraphNode): Promise<string> => {
    this.started.push(node.id);
    const done = new Promise<string>((resolve, reject) => {
      this.waiting.set(node.id, { resolve: () => resolve(node.id), reject });
    });
    for (const listener of this.listeners.splice(0)) listener();
    return done;
  };

  get running(): string[] {
    return [...this.waiting.keys()].sort();
  }

  async finish(id: string, error?: Error): Promise<void> {
    const entry = this.waiting.get(id);
    assert.ok(entry, `${id} is running`);
    this.waiting.delete(id);
    if (error) entry.reject(error);
    else entry.resolve();
    await settle();
  }
}

/** Lets promise callbacks (the runner's bookkeeping) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

const n = (id: string, ...dependsOn: string[]): GraphNode => ({ id, dependsOn });

describe("runGraph", () => {
  it("starts every ready node at once, up to the concurrency limit", async () => {
    const gate = new Gate();
    const nodes = [n("a"), n("b"), n("c"), n("d"), n("e", "a")];
    const run = runGraph(nodes, { concurrency: 3, clock: new TestClock(), run: gate.run });
    await settle();
    assert.deepEqual(gate.running, ["a", "b", "c"]);
    await gate.finish("b");
    assert.deepEqual(gate.running, ["a", "c", "d"], "a freed slot goes to the next ready node");
    await gate.finish("a");
    assert.deepEqual(gate.running, ["c", "d", "e"], "e starts as soon as its dependency is done");
    await gate.finish("c");
    await gate.finish("d");
    await gate.finish("e");
    const results = await run;
    assert.deepEqual([...results.values()].map((result) => result.status), ["done", "done", "done", "done", "done"]);
  });

  it("never starts a node before all of its dependencies are done", async () => {
    const gate = new Gate();
    const nodes = [n("join", "left", "right"), n("left"), n("right", "root"), n("root")];
    const run = runGraph(nodes, { concurrency: 10, clock: new TestClock(), run: gate.run });
    await settle();
    assert.deepEqual(gate.running, ["left", "root"]);
    await gate.finish("left");
    assert.deepEqual(gate.running, ["root"]);
    await gate.finish("root");
    assert.deepEqual(gate.running, ["right"]);
    await gate.finish("right");
    assert.deepEqual(gate.running, ["join"]);
    await gate.finish("join");
    await run;
    assert.deepEqual(gate.started, ["left", "root", "right", "join"]);
  });

  it("measures each node's duration with the injected clock", async () => {
    const gate = new Gate();
    const clock = new TestClock();
    const run = runGraph([n("slow"), n("quick")], { concurrency: 2, clock, run: gate.run });
    await settle();
    clock.time += 250;
    await gate.finish("quick");
    clock.time += 750;
    await gate.finish("slow");
    const results = await run;
    assert.deepEqual(results.get("quick"), { status: "done", value: "quick", durationMs: 250 });
    assert.deepEqual(results.get("slow"), { status: "done", value: "slow", durationMs: 1000 });
  });

  it("after a failure lets running work finish and skips everything not started", async () => {
    const gate = new Gate();
    const nodes = [n("a"), n("b"), n("c"), n("a2", "a"), n("b2", "b")];
    const run = runGraph(nodes, { concurrency: 2, clock: new TestClock(), run: gate.run });
    await settle();
    assert.deepEqual(gate.running, ["a", "b"]);
    await gate.finish("a", new Error("AccessDenied"));
    assert.deepEqual(gate.running, ["b"], "nothing new starts after the failure");
    await gate.finish("b");
    const results = await run;
    assert.equal(results.get("a")?.status, "failed");
    assert.equal((results.get("a") as { error: Error }).error.message, "AccessDenied");
    assert.equal(results.get("b")?.status, "done", "running work finished");
    for (const id of ["c", "a2", "b2"]) {
      assert.deepEqual(results.get(id), { status: "skipped", reason: "not started: a failed" }, id);
    }
    assert.deepEqual(gate.started, ["a", "b"]);
  });

  it("in continue-independent mode skips only what depends on the failure", async () => {
    const gate = new Gate();
    const nodes = [n("a"), n("b"), n("a2", "a"), n("a3", "a2"), n("b2", "b")];
    const run = runGraph(nodes, { concurrency: 5, clock: new TestClock(), onFailure: "continue-independent", run: gate.run });
    await settle();
    await gate.finish("a", new Error("boom"));
    await gate.finish("b");
    await gate.finish("b2");
    const results = await run;
    assert.equal(results.get("b2")?.status, "done");
    assert.deepEqual(results.get("a2"), { status: "skipped", reason: "depends on a, which did not complete" });
    assert.deepEqual(results.get("a3"), { status: "skipped", reason: "depends on a2, which did not complete" });
  });

  it("turns a synchronous throw into a failed node", async () => {
    const results = await runGraph([n("a"), n("b", "a")], {
      concurrency: 1,
      clock: new TestClock(),
      run: () => {
        throw new Error("sync");
      },
    });
    assert.equal(results.get("a")?.status, "failed");
    assert.equal(results.get("b")?.status, "skipped");
  });

  it("stops starting work when cancelled and waits for what runs", async () => {
    const gate = new Gate();
    const controller = new AbortController();
    const run = runGraph([n("a"), n("b", "a"), n("c")], { concurrency: 1, clock: new TestClock(), signal: controller.signal, run: gate.run });
    await settle();
    assert.deepEqual(gate.running, ["a"]);
    controller.abort();
    await settle();
    await gate.finish("a");
    const results = await run;
    assert.equal(results.get("a")?.status, "done");
    assert.deepEqual(results.get("b"), { status: "skipped", reason: "interrupted" });
    assert.deepEqual(results.get("c"), { status: "skipped", reason: "interrupted" });
  });

  it("resolves at once for an empty graph", async () => {
    assert.equal((await runGraph([], { concurrency: 1, clock: new TestClock(), run: async () => 1 })).size, 0);
  });

  it("refuses a cycle before running anything, naming it", async () => {
    let ran = false;
    await assert.rejects(
      runGraph([n("a", "c"), n("b", "a"), n("c", "b"), n("d")], {
        concurrency: 2,
        clock: new TestClock(),
        run: async () => {
          ran = true;
        },
      }),
      (error: unknown) => error instanceof GraphError && error.message === "plan has a dependency cycle: a -> c -> b -> a",
    );
    assert.equal(ran, false);
  });
});

describe("graph checks", () => {
  it("finds self-loops and longer cycles, and nothing in a DAG", () => {
    assert.deepEqual(findCycle([n("a", "a")]), ["a", "a"]);
    assert.deepEqual(findCycle([n("x"), n("a", "b"), n("b", "x", "a")]), ["a", "b", "a"]);
    assert.equal(findCycle([n("a"), n("b", "a"), n("c", "a", "b")]), undefined);
  });

  it("refuses unknown dependencies and duplicate ids", () => {
    assert.throws(() => validateGraph([n("a", "ghost")]), /"a" depends on "ghost", which is not in the plan/);
    assert.throws(() => validateGraph([n("a"), n("a")]), /two nodes with id "a"/);
  });

  it("groups nodes into waves that depend only on earlier waves", () => {
    const waves = executionWaves([n("c", "a", "b"), n("b", "a"), n("a"), n("d")]).map((wave) => wave.map((node) => node.id));
    assert.deepEqual(waves, [["a", "d"], ["b"], ["c"]]);
  });
});
