import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EdaResult, ObjectResult } from "../../../../handlers/shared/result.js";
import { checkObjectResult, TestRunLedger, type UploadedObject } from "../../../../src/core/test/verification.js";

const RUN = "uploads/RUN/";

function uploaded(name: string, overrides: Partial<UploadedObject> = {}): UploadedObject {
  return { key: `${RUN}${name}`, size: 5, sha256: "a".repeat(64), poisoned: false, uploadStartedAt: 1000, uploadEndedAt: 1005, ...overrides };
}

function result(consumer: "inventory" | "audit", object: UploadedObject, overrides: Partial<ObjectResult> = {}): { result: EdaResult } {
  const base: ObjectResult = {
    schema: "eda.result/1",
    consumer,
    source: "s3",
    bucket: "bucket",
    key: object.key,
    messageId: "m-1",
    receiveCount: 1,
    hops: { s3EventTime: 1010, snsTimestamp: 1020, sqsSentTimestamp: 1025, sqsFirstReceiveTimestamp: 1030, handlerStart: 1040, handlerEnd: 1060 },
    ...(consumer === "inventory"
      ? { inventory: { size: object.size, contentType: "text/plain", eTag: "e", sha256: object.sha256 } }
      : { audit: { eventName: "ObjectCreated:Put", eventTime: "t", principalId: null, sourceIp: null, sequencer: null } }),
  };
  return { result: { ...base, ...overrides } };
}

function ledgerWith(objects: UploadedObject[], planned = objects.map((object) => object.key)): TestRunLedger {
  const ledger = new TestRunLedger(["inventory", "audit"], planned);
  for (const object of objects) ledger.recordUpload(object);
  return ledger;
}

function recordBoth(ledger: TestRunLedger, object: UploadedObject): void {
  for (const consumer of ["inventory", "audit"] as const) ledger.recordResult(consumer, TestRunLedger.resultKeyFor(consumer, object.key), result(consumer, object));
}

describe("verifying an eda test run", () => {
  it("passes when every object has a correct result from both consumers and nothing is in the DLQs", () => {
    const objects = [uploaded("a.txt"), uploaded("with space/b+c.txt")];
    const ledger = ledgerWith(objects);
    assert.equal(ledger.isComplete(), false);
    for (const object of objects) recordBoth(ledger, object);
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(ledger.problems(), []);
    assert.equal(ledger.fullyProcessed().length, 2);
    assert.equal(ledger.fullyProcessed()[0]!.finishedAt, 1060);
  });

  it("is not complete until every planned upload is accounted for", () => {
    const object = uploaded("a.txt");
    const ledger = ledgerWith([object], [object.key, `${RUN}later.txt`]);
    recordBoth(ledger, object);
    assert.equal(ledger.isComplete(), false);
    ledger.recordUploadFailure(`${RUN}later.txt`, "AccessDenied: no");
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(
      ledger.problems().map((problem) => problem.kind),
      ["upload-failed"],
    );
  });

  it("lists the results still missing per consumer, never those of poisoned objects", () => {
    const healthy = uploaded("ok.txt");
    const poisoned = uploaded("bad.txt", { poisoned: true });
    const ledger = ledgerWith([healthy, poisoned]);
    assert.deepEqual(ledger.outstandingResultKeys("audit"), ["results/audit/RUN/ok.txt.json"]);
    recordBoth(ledger, healthy);
    assert.deepEqual(ledger.outstandingResultKeys("audit"), []);
  });

  it("reports missing results per consumer", () => {
    const object = uploaded("a.txt");
    const ledger = ledgerWith([object]);
    ledger.recordResult("inventory", TestRunLedger.resultKeyFor("inventory", object.key), result("inventory", object));
    const problems = ledger.problems();
    assert.deepEqual(problems, [{ kind: "missing-result", consumer: "audit", key: object.key, message: `no audit result for ${object.key}` }]);
  });

  it("a result with the wrong size or SHA-256 is arrived but wrong, and is left out of the latency figures", () => {
    const object = uploaded("a.txt");
    const ledger = ledgerWith([object]);
    ledger.recordResult("inventory", TestRunLedger.resultKeyFor("inventory", object.key), result("inventory", object, { inventory: { size: 6, contentType: "x", eTag: "e", sha256: object.sha256 } }));
    ledger.recordResult("audit", TestRunLedger.resultKeyFor("audit", object.key), result("audit", object));
    assert.equal(ledger.isComplete(), true);
    const [problem] = ledger.problems();
    assert.equal(problem!.kind, "wrong-result");
    assert.match(problem!.message, /inventory result for uploads\/RUN\/a.txt: size 6, uploaded 5/);
    assert.equal(ledger.latencySamples("inventory").length, 0);
    assert.equal(ledger.latencySamples("audit").length, 1);
    assert.equal(ledger.fullyProcessed().length, 0);
  });

  it("an unreadable result is a wrong result", () => {
    const object = uploaded("a.txt");
    const ledger = ledgerWith([object]);
    ledger.recordResult("audit", TestRunLedger.resultKeyFor("audit", object.key), { unreadable: "is not JSON" });
    assert.ok(ledger.problems().some((problem) => problem.kind === "wrong-result" && problem.message.endsWith("is not JSON")));
  });

  it("results under the run's prefix for objects that were never planned are unexpected", () => {
    const object = uploaded("a.txt");
    const ledger = ledgerWith([object]);
    recordBoth(ledger, object);
    ledger.recordListedKey("inventory", TestRunLedger.resultKeyFor("inventory", object.key));
    ledger.recordListedKey("inventory", "results/inventory/RUN/ghost.txt.json");
    assert.equal(ledger.wants("inventory", "results/inventory/RUN/ghost.txt.json"), false);
    assert.deepEqual(ledger.problems(), [
      { kind: "unexpected-result", consumer: "inventory", key: "results/inventory/RUN/ghost.txt.json", message: "inventory result results/inventory/RUN/ghost.txt.json belongs to no uploaded object" },
    ]);
  });

  it("a result of a planned object still uploading is read once its upload is recorded, not counted as unexpected", () => {
    const object = uploaded("a.txt");
    const ledger = new TestRunLedger(["inventory", "audit"], [object.key]);
    const resultKey = TestRunLedger.resultKeyFor("inventory", object.key);
    ledger.recordListedKey("inventory", resultKey);
    assert.equal(ledger.wants("inventory", resultKey), false);
    ledger.recordUpload(object);
    assert.equal(ledger.wants("inventory", resultKey), true);
    ledger.recordResult("inventory", resultKey, result("inventory", object));
    assert.equal(ledger.wants("inventory", resultKey), false);
    assert.ok(!ledger.problems().some((problem) => problem.kind === "unexpected-result"));
  });

  it("with poison: complete only when each poisoned object is in both DLQs; a result for it, or a second copy, is a problem", () => {
    const healthy = uploaded("ok.txt");
    const poisoned = uploaded("bad.txt", { poisoned: true });
    const ledger = ledgerWith([healthy, poisoned]);
    recordBoth(ledger, healthy);
    assert.equal(ledger.poisonedCount(), 1);
    assert.equal(ledger.isComplete(), false);
    ledger.recordDeadLetters("inventory", new Map([[poisoned.key, 1]]));
    assert.equal(ledger.isComplete(), false);
    assert.deepEqual(
      ledger.problems().map((problem) => `${problem.kind} ${problem.consumer}`),
      ["not-dead-lettered audit"],
    );
    ledger.recordDeadLetters("audit", new Map([[poisoned.key, 2]]));
    assert.equal(ledger.isComplete(), true);
    assert.deepEqual(
      ledger.problems().map((problem) => `${problem.kind} ${problem.consumer}`),
      ["dead-lettered-twice audit"],
    );
    ledger.recordDeadLetters("audit", new Map([[poisoned.key, 1]]));
    ledger.recordResult("inventory", TestRunLedger.resultKeyFor("inventory", poisoned.key), result("inventory", poisoned));
    assert.deepEqual(
      ledger.problems().map((problem) => `${problem.kind} ${problem.consumer}`),
      ["poisoned-result inventory"],
    );
  });

  it("a healthy object in a DLQ, or a key of the run that was never uploaded, is a problem", () => {
    const healthy = uploaded("ok.txt");
    const ledger = ledgerWith([healthy]);
    recordBoth(ledger, healthy);
    ledger.recordDeadLetters("audit", new Map([[healthy.key, 1], [`${RUN}stranger.txt`, 1]]));
    assert.deepEqual(
      ledger.problems().map((problem) => problem.kind),
      ["dead-lettered", "dead-lettered"],
    );
    const progress = ledger.progress();
    assert.deepEqual(progress.consumers.audit, { results: 1, deadLettered: 2 });
  });
});

describe("checking one result against the upload", () => {
  const object = uploaded("a.txt");
  it("accepts a matching result", () => {
    assert.equal(checkObjectResult("inventory", object, result("inventory", object).result), undefined);
    assert.equal(checkObjectResult("audit", object, result("audit", object).result), undefined);
  });
  it("names what differs", () => {
    assert.match(checkObjectResult("inventory", object, result("inventory", object, { key: `${RUN}other` }).result)!, /names key/);
    assert.match(checkObjectResult("inventory", object, result("audit", object).result)!, /written by "audit"/);
    assert.match(checkObjectResult("inventory", object, result("inventory", object, { inventory: { size: 5, contentType: "x", eTag: "e", sha256: "b".repeat(64) } }).result)!, /SHA-256 b+, uploaded a+/);
    assert.match(checkObjectResult("audit", object, result("audit", object, { audit: { eventName: "ObjectRemoved:Delete", eventTime: "t", principalId: null, sourceIp: null, sequencer: null } }).result)!, /expected ObjectCreated/);
    assert.match(checkObjectResult("audit", object, result("audit", object, { schema: "eda.result/2" as "eda.result/1" }).result)!, /schema/);
  });
});
