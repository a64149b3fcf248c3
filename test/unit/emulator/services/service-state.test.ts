import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceState } from "../../../../src/emulator/services/service-state.js";

describe("a service's state", () => {
  it("keeps one value per hub and account/region, created once", () => {
    const state = new ServiceState<{ made: number }>("test");
    let made = 0;
    const create = () => ({ made: ++made });
    const hubA = {};
    const hubB = {};
    const first = state.forRegion(hubA, "111111111111", "us-east-1", create);
    assert.equal(state.forRegion(hubA, "111111111111", "us-east-1", create), first, "the same value on the second read");
    assert.notEqual(state.forRegion(hubA, "111111111111", "eu-west-1", create), first, "another region");
    assert.notEqual(state.forRegion(hubA, "222222222222", "us-east-1", create), first, "another account");
    assert.notEqual(state.forRegion(hubB, "111111111111", "us-east-1", create), first, "another emulator");
    assert.equal(state.global(hubA, create), state.global(hubA, create));
    assert.equal(made, 5);
  });
});
