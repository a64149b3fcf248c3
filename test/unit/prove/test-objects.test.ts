import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { newRunId, planTestObjects, poisonedIndexes, testObjectContent, testObjectKey } from "../../../src/core/prove/test-objects.js";
import { TestRunLedger } from "../../../src/core/prove/verification.js";
import { objectKeyOf } from "../../../src/core/prove/verification.js";

describe("eda test objects", () => {
  it("run ids sort by start time and are safe in keys", () => {
    const earlier = newRunId(Date.UTC(2026, 0, 1, 12, 0, 0, 456), "3fa9c1ff");
    const later = newRunId(Date.UTC(2026, 0, 1, 12, 0, 1), "000000");
    assert.equal(earlier, "20260101T120000Z-3fa9c1");
    assert.ok(earlier < later);
    assert.match(earlier, /^[0-9A-Za-z-]+$/);
  });

  it("keys live under uploads/<run-id>/ and include spaces, +, non-ASCII characters and nested prefixes", () => {
    const keys = Array.from({ length: 5 }, (_, index) => testObjectKey("RUN", index, 5));
    for (const key of keys) assert.ok(key.startsWith("uploads/RUN/"), key);
    assert.ok(keys.some((key) => key.includes(" ")), "a key with a space");
    assert.ok(keys.some((key) => key.includes("+")), "a key with a plus sign");
    assert.ok(keys.some((key) => /[^\x00-\x7f]/.test(key)), "a key with non-ASCII characters");
    assert.ok(keys.some((key) => key.split("/").length >= 6), "a deeply nested key");
    assert.equal(new Set(keys).size, 5);
  });

  it("keys of a large run are unique, zero-padded, and map to result keys and back", () => {
    const objects = planTestObjects("RUN", 10_000, 10, 0);
    assert.equal(new Set(objects.map((object) => object.key)).size, 10_000);
    assert.equal(objects[0]!.key, "uploads/RUN/plain/object-00001.txt");
    for (const object of objects.slice(0, 10)) {
      const resultKey = TestRunLedger.resultKeyFor("audit", object.key);
      assert.ok(resultKey.startsWith("results/audit/RUN/"));
      assert.equal(objectKeyOf("audit", resultKey), object.key);
    }
  });

  it("poisoned objects are exactly k, spread over the run", () => {
    assert.deepEqual([...poisonedIndexes(10, 0)], []);
    assert.deepEqual([...poisonedIndexes(10, 2)].sort((a, b) => a - b), [2, 7]);
    assert.equal(poisonedIndexes(7, 7).size, 7);
    const objects = planTestObjects("RUN", 1000, 1, 13);
    assert.equal(objects.filter((object) => object.poisoned).length, 13);
  });

  it("content is deterministic, exactly the requested size, different per object, with its SHA-256", () => {
    const first = testObjectContent("RUN", { index: 0, size: 1000 });
    const again = testObjectContent("RUN", { index: 0, size: 1000 });
    const second = testObjectContent("RUN", { index: 1, size: 1000 });
    assert.equal(first.body.length, 1000);
    assert.deepEqual(first.body, again.body);
    assert.notEqual(first.sha256, second.sha256);
    assert.equal(first.sha256, createHash("sha256").update(first.body).digest("hex"));
    assert.ok(first.body.toString("utf8").startsWith("eda test RUN object 1\n"));
    assert.equal(testObjectContent("RUN", { index: 0, size: 0 }).body.length, 0);
  });
});
