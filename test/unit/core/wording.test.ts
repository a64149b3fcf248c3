import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { counted, dlqsOf } from "../../../src/core/wording.js";

describe("wording", () => {
  it("counts nouns in the singular for one", () => {
    assert.equal(counted(1, "result"), "1 result");
    assert.equal(counted(0, "result"), "0 results");
    assert.equal(counted(5, "receive"), "5 receives");
    assert.equal(counted(1, "more failure", "more failures"), "1 more failure");
  });

  it("names one DLQ in the singular", () => {
    assert.equal(dlqsOf(["audit"]), "the audit DLQ");
    assert.equal(dlqsOf(["inventory", "audit"]), "the inventory and audit DLQs");
  });
});
