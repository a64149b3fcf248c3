import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { messageResultKey, objectResultKey } from "../../../../handlers/shared/result.js";

describe("result keys", () => {
  it("mirrors the key under uploads/ with .json appended", () => {
    assert.equal(objectResultKey("results/inventory/", "uploads/a.txt"), "results/inventory/a.txt.json");
    assert.equal(objectResultKey("results/audit/", "uploads/2026/01/a b+c.csv"), "results/audit/2026/01/a b+c.csv.json");
    assert.equal(objectResultKey("results/audit/", "uploads/été 🌸"), "results/audit/été 🌸.json");
  });

  it("adds the slash a prefix lacks", () => {
    assert.equal(objectResultKey("results/inventory", "uploads/a"), "results/inventory/a.json");
    assert.equal(messageResultKey("results/inventory", "m"), "results/inventory/messages/m.json");
  });

  it("puts direct messages under messages/<id>.json", () => {
    assert.equal(messageResultKey("results/audit/", "order-42"), "results/audit/messages/order-42.json");
  });

  it("refuses keys outside uploads/", () => {
    assert.throws(() => objectResultKey("results/audit/", "results/audit/a.json"), RangeError);
  });
});
