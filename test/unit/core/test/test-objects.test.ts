import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { text } from "node:stream/consumers";
import { keyTargets, newRunId, planTestObjects, poisonedIndexes, testObjectContent, testObjectKey, testObjectStream } from "../../../../src/core/test/test-objects.js";
import { filterMatches } from "../../../../src/core/test/verification.js";
import { TestRunLedger } from "../../../../src/core/test/verification.js";
import { objectKeyOf } from "../../../../src/core/test/verification.js";

describe("eda test objects", () => {
  it("run ids sort by start time and are safe in keys", () => {
    const earlier = newRunId(Date.UTC(2026, 0, 1, 12, 0, 0, 456), "3fa9c1ff");
    const later = newRunId(Date.UTC(2026, 0, 1, 12, 0, 1), "000000");
    assert.equal(earlier, "20260101T120000Z-3fa9c1");
    assert.ok(earlier < later);
    assert.match(earlier, /^[0-9A-Za-z-]+$/);
  });

  it("run ids never contain bad, so a consumer throwing for keys containing bad fails only the bad/ objects", () => {
    const now = Date.UTC(2026, 11, 3, 9, 23, 53);
    assert.equal(newRunId(now, "bad6b4"), "20261203T092353Z-ba06b4");
    assert.equal(newRunId(now, "1bad2f"), "20261203T092353Z-1ba02f");
    const keys = Array.from({ length: 6 }, (_, index) => testObjectKey(newRunId(now, "bad6b4"), index, 6));
    assert.deepEqual(
      keys.filter((key) => key.includes("bad")),
      ["uploads/20261203T092353Z-ba06b4/bad/object-6.txt"],
    );
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

  it("one object in six has bad in its key, for trying a consumer's failure path", () => {
    const keys = Array.from({ length: 6 }, (_, index) => testObjectKey("RUN", index, 6));
    assert.deepEqual(
      keys.filter((key) => key.includes("bad")),
      ["uploads/RUN/bad/object-6.txt"],
    );
  });

  it("consumers' filters: one target per distinct filter besides the unfiltered one, objects spread over them so every filter matches some and misses others", () => {
    const targets = keyTargets([{}, { suffix: ".json" }, { prefix: "img/" }, { suffix: ".json" }, { prefix: "img/", suffix: ".png" }]);
    assert.deepEqual(targets, [{}, { suffix: ".json" }, { prefix: "img/" }, { prefix: "img/", suffix: ".png" }]);
    const objects = planTestObjects("RUN", 8, 10, 0, targets);
    assert.deepEqual(
      objects.map((object) => object.key),
      [
        "uploads/RUN/plain/object-1.txt",
        "uploads/RUN/with spaces/report 2 final.json",
        "uploads/img/RUN/plus+signs/a+b=c 3.txt",
        "uploads/img/RUN/unicode/café-日本語-ü 4.png",
        "uploads/RUN/deeply/nested/prefix/levels/object-5.txt",
        "uploads/RUN/bad/object-6.json",
        "uploads/img/RUN/plain/object-7.txt",
        "uploads/img/RUN/with spaces/report 8 final.png",
      ],
    );
    for (const filter of targets) {
      const matching = objects.filter((object) => filterMatches(filter, object.key)).length;
      assert.ok(matching > 0 && (Object.keys(filter).length === 0 || matching < objects.length), JSON.stringify(filter));
    }
  });

  it("streamed content is byte for byte the in-memory content, with the same SHA-256", async () => {
    for (const size of [0, 1, 23, 1024 ** 2 + 7, 3 * 1024 ** 2]) {
      const expected = testObjectContent("RUN", { index: 4, size });
      const streamed = testObjectStream("RUN", { index: 4, size });
      assert.throws(() => streamed.sha256(), /not ended/);
      const body = Buffer.from(await text(streamed.body), "utf8");
      assert.equal(body.length, size);
      assert.ok(body.equals(expected.body), `size ${size}`);
      assert.equal(streamed.sha256(), expected.sha256);
    }
  });
});
