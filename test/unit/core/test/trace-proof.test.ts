import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TraceLine, TraceRecord } from "../../../../src/function-shim/trace-format.js";
import { filterMatches, TestRunLedger, type ProvenConsumer, type UploadedObject } from "../../../../src/core/test/verification.js";

const RUN = "RUN";

function uploaded(key: string, overrides: Partial<UploadedObject> = {}): UploadedObject {
  return { key, size: 5, sha256: "a".repeat(64), poisoned: false, uploadStartedAt: 1000, uploadEndedAt: 1005, ...overrides };
}

const thumbs: ProvenConsumer = { name: "thumbs", proof: "traces", filter: {} };
const jsonOnly: ProvenConsumer = { name: "json-only", proof: "traces", filter: { suffix: ".json" } };
const images: ProvenConsumer = { name: "images", proof: "traces", filter: { prefix: "img/" } };

function line(records: Partial<TraceRecord>[], extra: Partial<TraceLine> = {}): TraceLine {
  return {
    v: 1,
    consumer: "thumbs",
    requestId: "r",
    start: 1100,
    end: 1150,
    batch: records.length,
    part: 1,
    parts: 1,
    records: records.map((record, index) => ({
      id: `m-${index}`,
      receive: 1,
      kind: "s3",
      keys: [],
      s3: 1010,
      sns: 1020,
      sent: 1030,
      firstReceive: 1040,
      outcome: "ok",
      ...record,
    })),
    ...extra,
  };
}

function ledgerWith(consumers: ProvenConsumer[], objects: UploadedObject[]): TestRunLedger {
  const ledger = new TestRunLedger(consumers, objects.map((object) => object.key), { runId: RUN });
  for (const object of objects) ledger.recordUpload(object);
  return ledger;
}

describe("proving project consumers from their traces", () => {
  const txt = uploaded(`uploads/${RUN}/plain/object-1.txt`);
  const json = uploaded(`uploads/${RUN}/plain/object-2.json`);

  it("passes when each object was processed successfully exactly once, with the trace's hops in the latency samples", () => {
    const ledger = ledgerWith([thumbs], [txt, json]);
    assert.equal(ledger.isComplete(), false);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key] }, { keys: [json.key] }]));
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(ledger.problems(), []);
    assert.deepEqual(ledger.latencySamples("thumbs")[0], {
      uploadStartedAt: 1000,
      hops: { s3EventTime: 1010, snsTimestamp: 1020, sqsSentTimestamp: 1030, sqsFirstReceiveTimestamp: 1040, handlerStart: 1100, handlerEnd: 1150 },
    });
    assert.equal(ledger.progress().consumers.thumbs!.results, 2);
    assert.deepEqual(
      ledger.fullyProcessed().map((object) => object.finishedAt),
      [1150, 1150],
    );
  });

  it("a second successful processing of the same object is a duplicate", () => {
    const ledger = ledgerWith([thumbs], [txt]);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key] }]));
    ledger.recordTrace("thumbs", line([{ keys: [txt.key], receive: 2 }]));
    assert.deepEqual(ledger.problems(), [{ kind: "processed-twice", consumer: "thumbs", key: txt.key, message: `thumbs processed ${txt.key} 2 times` }]);
  });

  it("a failure names the key, the error's type and message and the attempts; a later success makes it good", () => {
    const ledger = ledgerWith([thumbs], [txt, json]);
    const error = { type: "BadKeyError", message: "refusing bad keys" };
    ledger.recordTrace("thumbs", line([{ keys: [txt.key], outcome: "failed" }, { keys: [json.key], outcome: "failed" }], { error }));
    ledger.recordTrace("thumbs", line([{ keys: [txt.key], outcome: "failed", receive: 2 }], { error }));
    ledger.recordTrace("thumbs", line([{ keys: [json.key], receive: 2 }]));
    assert.equal(ledger.isComplete(), false, "a failing object may still succeed, or reach the DLQ");
    assert.equal(ledger.anyFailures(), true);
    assert.deepEqual(ledger.problems(), [
      { kind: "consumer-failed", consumer: "thumbs", key: txt.key, message: `thumbs failed on ${txt.key}: BadKeyError: refusing bad keys (2 attempts)` },
    ]);
    ledger.recordDeadLetters("thumbs", new Map([[txt.key, 1]]));
    assert.equal(ledger.isComplete(), true, "given up into the DLQ");
    assert.deepEqual(
      ledger.problems().map((problem) => problem.message),
      [`thumbs failed on ${txt.key}: BadKeyError: refusing bad keys (2 attempts; it is in the thumbs DLQ)`],
    );
  });

  it("a record reported in batchItemFailures is a problem of its own kind", () => {
    const ledger = ledgerWith([thumbs], [txt]);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key], outcome: "reported" }]));
    assert.deepEqual(
      ledger.problems().map((problem) => [problem.kind, problem.message]),
      [["reported-failure", `thumbs reported ${txt.key} as a batch item failure (once)`]],
    );
  });

  it("no trace at all is a missing result", () => {
    const ledger = ledgerWith([thumbs], [txt]);
    assert.deepEqual(
      ledger.problems().map((problem) => problem.message),
      [`no trace of thumbs processing ${txt.key}`],
    );
  });

  it("filters: a suffix consumer is expected to get only matching objects, and an excluded one it received is a problem", () => {
    const ledger = ledgerWith([thumbs, jsonOnly], [txt, json]);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key] }, { keys: [json.key] }]));
    assert.equal(ledger.isComplete(), false, "json-only has not processed the .json object yet");
    ledger.recordTrace("json-only", line([{ keys: [json.key] }]));
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(ledger.problems(), []);
    assert.deepEqual(
      ledger.fullyProcessed().map((object) => object.key),
      [txt.key, json.key],
    );
    ledger.recordTrace("json-only", line([{ keys: [txt.key] }]));
    assert.deepEqual(ledger.problems(), [
      { kind: "filtered-out", consumer: "json-only", key: txt.key, message: `json-only received ${txt.key}, which its filter (suffix .json) excludes` },
    ]);
  });

  it("filter prefixes are relative to uploads/, and both parts must match", () => {
    assert.equal(filterMatches({ prefix: "img/" }, "uploads/img/RUN/a.txt"), true);
    assert.equal(filterMatches({ prefix: "img/" }, "uploads/RUN/img/a.txt"), false);
    assert.equal(filterMatches({ prefix: "img/", suffix: ".png" }, "uploads/img/a.txt"), false);
    assert.equal(filterMatches({}, "uploads/anything"), true);
    const inImages = uploaded(`uploads/img/${RUN}/plain/object-3.txt`);
    const ledger = ledgerWith([images], [txt, inImages]);
    ledger.recordTrace("images", line([{ keys: [inImages.key] }]));
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(ledger.problems(), []);
  });

  it("keys naming this run that it never uploaded are problems; other traffic is ignored", () => {
    const ledger = ledgerWith([thumbs], [txt]);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key] }, { keys: [`uploads/${RUN}/stranger.txt`] }, { keys: ["uploads/someone-else.txt"] }, { kind: "s3-test-event" }]));
    assert.deepEqual(
      ledger.problems().map((problem) => [problem.kind, problem.key]),
      [["unexpected-object", `uploads/${RUN}/stranger.txt`]],
    );
  });

  it("a healthy object in a project consumer's DLQ after it was processed is a problem", () => {
    const ledger = ledgerWith([thumbs], [txt]);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key] }]));
    ledger.recordDeadLetters("thumbs", new Map([[txt.key, 1]]));
    assert.deepEqual(
      ledger.problems().map((problem) => problem.kind),
      ["dead-lettered"],
    );
  });

  it("poison: a project consumer may process a poisoned object once, or refuse it into its DLQ once", () => {
    const poisoned = uploaded(`uploads/${RUN}/bad/object-6.txt`, { poisoned: true });
    const processes = ledgerWith([thumbs], [poisoned]);
    processes.recordTrace("thumbs", line([{ keys: [poisoned.key] }]));
    assert.equal(processes.isComplete(), true);
    assert.deepEqual(processes.problems(), []);

    const refuses = ledgerWith([thumbs], [poisoned]);
    refuses.recordTrace("thumbs", line([{ keys: [poisoned.key], outcome: "failed" }], { error: { type: "PoisonMarkerError", message: "marked" } }));
    assert.equal(refuses.isComplete(), false);
    refuses.recordDeadLetters("thumbs", new Map([[poisoned.key, 1]]));
    assert.equal(refuses.isComplete(), true);
    assert.deepEqual(refuses.problems(), []);
    refuses.recordDeadLetters("thumbs", new Map([[poisoned.key, 2]]));
    assert.deepEqual(
      refuses.problems().map((problem) => problem.kind),
      ["dead-lettered-twice"],
    );
  });

  it("built-in and project consumers side by side: each proven its own way", () => {
    const ledger = new TestRunLedger([{ name: "inventory", proof: "results", filter: {} }, thumbs], [txt.key], { runId: RUN });
    ledger.recordUpload(txt);
    ledger.recordTrace("thumbs", line([{ keys: [txt.key] }]));
    assert.equal(ledger.isComplete(), false);
    assert.deepEqual(ledger.outstandingResultKeys("inventory"), [`results/inventory/${RUN}/plain/object-1.txt.json`]);
    assert.deepEqual(ledger.outstandingResultKeys("thumbs"), []);
  });
});

describe("--sample", () => {
  it("built-in results outside the sample need only exist; those in it are read in full", () => {
    const objects = [uploaded(`uploads/${RUN}/a.txt`), uploaded(`uploads/${RUN}/b.txt`)];
    const ledger = new TestRunLedger(["audit"], objects.map((object) => object.key), { runId: RUN, sample: new Set([objects[0]!.key]) });
    for (const object of objects) ledger.recordUpload(object);
    const [sampled, other] = objects.map((object) => TestRunLedger.resultKeyFor("audit", object.key));
    ledger.recordListedKey("audit", sampled!);
    ledger.recordListedKey("audit", other!);
    assert.equal(ledger.wants("audit", sampled!), true);
    assert.equal(ledger.wants("audit", other!), false, "not read: it exists, and that is all a non-sampled result must prove");
    assert.equal(ledger.isComplete(), false);
    assert.deepEqual(ledger.outstandingResultKeys("audit"), [sampled]);
    ledger.recordResult("audit", sampled!, { unreadable: "is not JSON" });
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(
      ledger.problems().map((problem) => problem.kind),
      ["wrong-result"],
    );
  });
});
