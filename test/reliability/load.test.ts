/**
 * Load through the local pipeline, the CI size (the bench runs 10,000:
 * `npm run bench -- reliability-load`): every object gets exactly one result
 * per consumer, nothing extra, nothing left in any queue; then the same with
 * consumers failing a fifth of their records transiently.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator } from "../helpers/emulator.js";
import { describeLoad, type LoadReport, runLoad } from "../../bench/lib/workloads/load-run.js";
import { ensureHandlerBundles } from "../helpers/cli.js";

const OBJECTS = 300;

function assertNothingLostOrDuplicated(report: LoadReport, options: { exactlyOnce: boolean }): void {
  assert.deepEqual(report.results.missing, { inventory: [], audit: [] }, "every object has a result from each consumer");
  assert.deepEqual(report.results.extra, { inventory: [], audit: [] }, "no result that no upload explains");
  assert.deepEqual(report.contentProblems, [], "every result describes its object");
  assert.deepEqual(report.neverLogged, { inventory: 0, audit: 0 }, "the logs show every object processed");
  if (options.exactlyOnce) assert.deepEqual(report.processedTwice, { inventory: 0, audit: 0 }, "no record was processed twice");
  assert.deepEqual(report.leftInQueues, { inventory: 0, audit: 0 }, "the source queues are drained");
  assert.deepEqual(report.leftInDeadLetterQueues, { inventory: 0, audit: 0 }, "the DLQs are empty");
}

describe(`load: ${OBJECTS} objects through the local pipeline`, () => {
  let emulator: RunningEmulator;
  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator?.stop();
  });

  it("every object has exactly one result per consumer, nothing extra, empty DLQs", async (t) => {
    const report = await runLoad(emulator.endpoint, { stack: "eda-load", objects: OBJECTS, timeoutMs: 120_000 });
    t.diagnostic(describeLoad(report));
    assertNothingLostOrDuplicated(report, { exactlyOnce: true });
  });

  it("with a fifth of the records failing transiently: still nothing lost, nothing duplicated in results", async (t) => {
    const report = await runLoad(emulator.endpoint, {
      stack: "eda-flaky",
      objects: OBJECTS,
      transientFailureRate: 0.2,
      visibilityTimeoutSeconds: 5,
      timeoutMs: 180_000,
    });
    t.diagnostic(describeLoad(report));
    assert.ok(report.failedAttempts.inventory > 0 && report.failedAttempts.audit > 0, "failures were injected");
    // At-least-once: a record whose (shortened) visibility runs out during a cold start may be processed twice; its result is overwritten, never doubled.
    assertNothingLostOrDuplicated(report, { exactlyOnce: false });
  });
});
