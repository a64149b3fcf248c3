import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foldLanes, isTestProgress, statusModel, testModel, worst, type Lane } from "../../../../src/cli/render/pipeline-model.js";
import { builtinProgress, resource, stackResources, withStates } from "./pipeline-fixtures.js";

describe("pipeline model from eda status", () => {
  it("a healthy stack: every part ok, queue and DLQ depths, function state, the notification's prefix", () => {
    const model = statusModel(stackResources(["inventory", "audit"], { audit: 2 }), "uploads/");
    assert.equal(model.checked, true);
    assert.deepEqual(model.bucket, { health: "ok" });
    assert.deepEqual(model.notification, { health: "ok", prefix: "uploads/" });
    assert.deepEqual(model.topic, { health: "ok" });
    assert.deepEqual(
      model.lanes.map((lane) => lane.name),
      ["inventory", "audit"],
    );
    assert.deepEqual(model.lanes[1], {
      name: "audit",
      consumers: 1,
      subscription: { health: "ok" },
      queue: { health: "ok", visible: 3, inFlight: 1, deadLetters: 2, deadLettersExpected: false },
      mapping: { health: "ok" },
      fn: { health: "ok", state: "Active" },
    });
  });

  it("a part shows the worst of its resources, with a note naming a helper resource at fault", () => {
    const model = statusModel(
      withStates(stackResources(["inventory", "audit"]), { "role:inventory": "drifted", "queue-policy:audit": "missing", "topic-policy": "error", "dlq:audit": "drifted" }),
    );
    assert.deepEqual(model.lanes[0]!.fn, { health: "drifted", note: "role drifted", state: "Active" });
    assert.deepEqual(model.lanes[1]!.subscription, { health: "missing", note: "queue-policy missing" });
    assert.deepEqual(model.topic, { health: "error", note: "topic-policy unreadable" });
    assert.equal(model.lanes[1]!.queue.health, "drifted");
    assert.equal(model.lanes[1]!.queue.note, "queue drifted", "the DLQ is a queue resource too");
  });

  it("a part whose own resource is at fault needs no note; a missing queue has no depth", () => {
    const model = statusModel(withStates(stackResources(["audit"]), { "queue:audit": "missing", "function:audit": "missing" }));
    assert.deepEqual(model.lanes[0]!.queue, { health: "missing", deadLetters: 0, deadLettersExpected: false });
    assert.deepEqual(model.lanes[0]!.fn, { health: "missing" });
  });

  it("a mapping that does not deliver is marked like drift, with its state", () => {
    const resources = stackResources(["audit"]).map((entry) => (entry.id === "mapping:audit" ? resource(entry.id, entry.kind, "present", { state: "Disabled" }) : entry));
    assert.deepEqual(statusModel(resources).lanes[0]!.mapping, { health: "drifted", note: "Disabled" });
  });

  it("--consumer: only that consumer's lane", () => {
    const resources = stackResources(["inventory", "audit"]).filter((entry) => !entry.id.endsWith(":inventory"));
    assert.deepEqual(
      statusModel(resources).lanes.map((lane) => lane.name),
      ["audit"],
    );
  });
});

describe("pipeline model from eda test's progress", () => {
  it("uploads, queue depths, results, DLQ counts and each hop's p50 where the hop is drawn", () => {
    const model = testModel(builtinProgress());
    assert.equal(model.checked, false);
    assert.deepEqual(model.bucket, { health: "ok", uploaded: { done: 6, planned: 6, failed: 0 }, p50: 31 });
    assert.deepEqual(model.notification, { health: "ok", p50: 12 });
    assert.deepEqual(model.lanes[1], {
      name: "audit",
      consumers: 1,
      subscription: { health: "ok", p50: 9 },
      queue: { health: "ok", visible: 0, inFlight: 2, deadLetters: 1, deadLettersExpected: true },
      mapping: { health: "ok", p50: 1234 },
      fn: { health: "ok", results: 3, p50: 12 },
    });
  });

  it("before the first queue sample and the first result: no depths, no p50s", () => {
    const progress = { ...builtinProgress(), queues: {}, hopP50: { inventory: {}, audit: {} }, poison: 0 };
    const model = testModel(progress);
    assert.deepEqual(model.bucket, { health: "ok", uploaded: { done: 6, planned: 6, failed: 0 } });
    assert.deepEqual(model.lanes[0]!.queue, { health: "ok", deadLetters: 0, deadLettersExpected: false });
    assert.deepEqual(model.lanes[0]!.mapping, { health: "ok" });
  });

  it("tells test progress from other data", () => {
    assert.equal(isTestProgress({ ...builtinProgress() }), true);
    assert.equal(isTestProgress({ planned: 6, uploaded: 1, consumers: {} }), false, "an emitter without queues or p50s");
    assert.equal(isTestProgress({ key: "uploads/a.txt" }), false);
  });
});

describe("folding lanes", () => {
  const lane = (name: string, overrides: Partial<Lane> = {}): Lane => ({
    name,
    consumers: 1,
    subscription: { health: "ok", p50: 5 },
    queue: { health: "ok", visible: 1, inFlight: 2, deadLetters: 0, deadLettersExpected: false },
    mapping: { health: "ok" },
    fn: { health: "ok", state: "Active", results: 3 },
    ...overrides,
  });

  it("keeps up to eight lanes as they are", () => {
    const lanes = Array.from({ length: 8 }, (_, index) => lane(`c${index}`));
    assert.deepEqual(foldLanes(lanes), lanes);
  });

  it("beyond eight, seven lanes and one for the rest: sums, the worst health, no p50", () => {
    const lanes = Array.from({ length: 10 }, (_, index) => lane(`c${index}`));
    lanes[9] = lane("c9", { fn: { health: "missing" }, queue: { health: "ok", visible: 1, inFlight: 2, deadLetters: 4, deadLettersExpected: false } });
    const folded = foldLanes(lanes);
    assert.equal(folded.length, 8);
    assert.deepEqual(folded[7], {
      name: "3 more",
      consumers: 3,
      subscription: { health: "ok" },
      queue: { health: "ok", visible: 3, inFlight: 6, deadLetters: 4, deadLettersExpected: false },
      mapping: { health: "ok" },
      fn: { health: "missing", note: "1 not ok" },
    });
  });

  it("worst: missing over unreadable over drifted over ok", () => {
    assert.equal(worst(["ok", "drifted", "missing", "error"]), "missing");
    assert.equal(worst(["ok", "drifted", "error"]), "error");
    assert.equal(worst([]), "ok");
  });
});
