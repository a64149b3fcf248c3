import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, ScaledClock } from "../../../src/emulator/clock.js";

describe("ScaledClock (queue time for eda local start --time-scale)", () => {
  it("runs N times faster than its base clock from the moment it is made", () => {
    const base = new ManualClock(1_000_000);
    const queue = new ScaledClock(base, 60);
    assert.equal(queue.now(), 1_000_000);
    base.advance(3_000);
    assert.equal(queue.now(), 1_000_000 + 180_000, "3 s of real time are 180 s of queue time");
  });

  it("fires a timer of queue time after 1/N of it on the base clock", () => {
    const base = new ManualClock(0);
    const queue = new ScaledClock(base, 60);
    let fired = false;
    queue.setTimer(180_000, () => (fired = true));
    base.advance(2_999);
    assert.equal(fired, false);
    base.advance(1);
    assert.equal(fired, true);
  });

  it("maps queue instants back to base time for timestamps users compare with other services'", () => {
    const base = new ManualClock(5_000);
    const queue = new ScaledClock(base, 60);
    base.advance(2_000);
    assert.equal(queue.baseTime(queue.now()), base.now());
  });

  it("at scale 1 is the base clock", () => {
    const base = new ManualClock(42);
    const queue = new ScaledClock(base, 1);
    base.advance(1234);
    assert.equal(queue.now(), base.now());
    assert.equal(queue.baseTime(queue.now()), base.now());
  });
});
