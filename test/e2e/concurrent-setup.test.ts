/**
 * Several `eda setup` runs of one stack at once (two terminals, a retried CI
 * job): every run ends with exit 0 and the stack complete, because a create
 * or update that loses the race reads the resource again and converges on
 * what the winner made. A setup racing a teardown leaves a stack that the
 * next setup completes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CoreClock } from "../../src/core/context.js";
import { memoizedHandlerCode, packagedHandlerCode } from "../../src/core/packaging/handler-code.js";
import { ensureNode, setup } from "../../src/core/provision/setup.js";
import { openStack } from "../../src/core/stack/open-stack.js";
import { status } from "../../src/core/provision/status.js";
import { removeNode, teardown } from "../../src/core/provision/teardown.js";
import { startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";
import { ensureHandlerBundles } from "../helpers/cli.js";
import { contextFor, stepEnds, type Target } from "../helpers/targets.js";

describe("concurrent setups of one stack", () => {
  let target: Target;
  before(async () => {
    ensureHandlerBundles();
    // Queue time 60x: a queue name the racing teardown deleted is reusable after a second of
    // the test's time, not SQS's 60 s (the setup's wait for it is the same either way).
    const emulator = await startTestEmulator({ timeScale: 60 });
    target = { name: "emulator", endpoint: emulator.endpoint, account: TEST_ACCOUNT, createForeignBucket: async () => {}, stop: () => emulator.stop() };
  });
  after(() => target?.stop());

  it("three setups started together all succeed and leave one complete stack", async () => {
    const runs = [1, 2, 3].map(() => contextFor(target, "eda-race"));
    const results = await Promise.all(runs.map(({ ctx }) => setup(ctx)));
    for (const result of results) assert.equal(result.ok, true, result.summary);
    // Every resource was created by exactly one of the runs; the others found it made.
    const creations = new Map<string, number>();
    for (const { events } of runs) {
      for (const end of stepEnds(events.events).filter((event) => event.outcome === "created")) {
        creations.set(end.id, (creations.get(end.id) ?? 0) + 1);
      }
    }
    assert.equal(creations.size, 22, [...creations.keys()].join(", "));
    const checked = await status(contextFor(target, "eda-race").ctx);
    assert.equal(checked.ok, true, checked.summary);
  });

  it("a setup racing a teardown ends without a crash, and the next setup completes the stack", async () => {
    // Both commands end (neither throws nor hangs); which one wins each resource is not fixed.
    const ended = await Promise.allSettled([teardown(contextFor(target, "eda-race").ctx, { confirm: async () => true }), setup(contextFor(target, "eda-race").ctx)]);
    assert.deepEqual(ended.map((outcome) => outcome.status), ["fulfilled", "fulfilled"]);
    const again = await setup(contextFor(target, "eda-race").ctx);
    assert.equal(again.ok, true, again.summary);
    const checked = await status(contextFor(target, "eda-race").ctx);
    assert.equal(checked.ok, true, checked.summary);
  });

  it("a function whose role a racing teardown deleted fails at once, naming the role, instead of waiting out IAM propagation", async () => {
    // Time that passes only in the waits: without the check, the step would retry for IAM's
    // two minutes of propagation (in no real time) and end with "gave up waiting".
    let now = 0;
    const clock: CoreClock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const { ctx } = contextFor(target, "eda-gone", clock);
    assert.equal((await setup(ctx)).ok, true);
    // The teardown's side of the race: the function and its role are gone, the rest stays.
    const { plan } = await openStack(ctx);
    const handlerCode = memoizedHandlerCode(packagedHandlerCode);
    const node = (id: string) => plan.nodes.find((candidate) => candidate.id === id)!;
    for (const id of ["function:inventory", "role:inventory"]) assert.equal((await removeNode(node(id), ctx, handlerCode)).outcome, "deleted");

    await assert.rejects(ensureNode(node("function:inventory"), ctx, handlerCode), /role eda-gone-inventory-role no longer exists .*run eda setup again/);
    assert.ok(now < 30_000, `it gave up after ${now} ms of waits, not IAM's two minutes`);
    // The next setup converges.
    assert.equal((await setup(contextFor(target, "eda-gone").ctx)).ok, true);
  });
});
