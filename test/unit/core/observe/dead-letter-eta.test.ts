import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clockTime, deadLetterEta, deadLetterEtaLines, formatDuration, redriveSettingsOf } from "../../../../src/core/observe/dead-letter-eta.js";

const stackQueue = { visibilityTimeoutSeconds: 180, maxReceiveCount: 5 };
const sentAt = new Date(2026, 11, 2, 14, 0, 0).getTime();

describe("when a poisoned message reaches the DLQs", () => {
  it("is receives x visibility timeout after sending: 15 minutes with the stack's settings", () => {
    const eta = deadLetterEta([stackQueue], sentAt);
    assert.equal(eta.afterMs, 900_000);
    assert.equal(clockTime(eta.expectedAt), "14:15:00");
  });

  it("runs N times faster on an emulator with --time-scale N", () => {
    assert.equal(deadLetterEta([stackQueue], sentAt, 60).afterMs, 15_000);
  });

  it("is decided by the slowest queue", () => {
    const eta = deadLetterEta([{ visibilityTimeoutSeconds: 30, maxReceiveCount: 3 }, stackQueue], sentAt);
    assert.deepEqual(eta.slowest, stackQueue);
  });

  it("reads the settings from GetQueueAttributes, with SQS's defaults", () => {
    assert.deepEqual(redriveSettingsOf({ VisibilityTimeout: "180", RedrivePolicy: '{"deadLetterTargetArn":"arn:x","maxReceiveCount":5}' }), stackQueue);
    assert.deepEqual(redriveSettingsOf({}), { visibilityTimeoutSeconds: 30, maxReceiveCount: 1 });
  });
});

describe("what eda says about it", () => {
  it("names the clock time and why, and how to see it in seconds on the emulator", () => {
    const lines = deadLetterEtaLines(deadLetterEta([stackQueue], sentAt), { local: true, timeScale: 1 });
    assert.equal(lines[0], "expected in the DLQs at about 14:15:00 (in 15m: 5 receives x 180 s visibility timeout)");
    assert.match(lines[1]!, /^to see it in 15s locally: eda local stop, then eda local start --time-scale 60/);
  });

  it("on AWS points at the scaled emulator", () => {
    const lines = deadLetterEtaLines(deadLetterEta([stackQueue], sentAt), { local: false, timeScale: 1 });
    assert.match(lines[1]!, /^to see it in 15s, on eda's emulator: eda local start --time-scale 60, then the same commands with --local/);
  });

  it("on a scaled emulator says so and gives no advice", () => {
    const lines = deadLetterEtaLines(deadLetterEta([stackQueue], sentAt, 60), { local: true, timeScale: 60 });
    assert.deepEqual(lines, ["expected in the DLQs at about 14:00:15 (in 15s: 5 receives x 180 s visibility timeout, queue time 60x faster)"]);
  });

  it("says 1 receive, not 1 receives", () => {
    const lines = deadLetterEtaLines(deadLetterEta([{ visibilityTimeoutSeconds: 30, maxReceiveCount: 1 }], sentAt, 60), { local: true, timeScale: 60 });
    assert.match(lines[0]!, /1 receive x 30 s/);
  });

  it("formats durations the way people say them", () => {
    assert.equal(formatDuration(900_000), "15m");
    assert.equal(formatDuration(150_000), "2m30s");
    assert.equal(formatDuration(14_200), "15s");
  });
});
