/**
 * Listing results while `eda test` watches: each folder from just after its
 * settled beginning, in S3's listing order; and what the ledger counts as
 * settled (a result known, or none due).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ResultFolder } from "../../../../src/core/observe/results.js";
import { TestRunLedger, type UploadedObject } from "../../../../src/core/test/verification.js";

const folder = "results/inventory/RUN/plain/";

describe("result folders", () => {
  it("groups keys by folder and lists a folder from after its settled beginning, then not at all", () => {
    const keys = [`${folder}object-3.txt.json`, `${folder}object-1.txt.json`, `${folder}object-2.txt.json`, "results/inventory/RUN/bad/object-4.txt.json"];
    const folders = ResultFolder.group(keys);
    assert.deepEqual(
      folders.map((entry) => entry.prefix),
      [folder, "results/inventory/RUN/bad/"],
    );
    const plain = folders[0]!;
    const settled = new Set<string>();
    assert.deepEqual(plain.unsettledListing((key) => settled.has(key)), [{ prefix: folder, startAfter: undefined }]);
    // Out of order: a later key settled first does not move the start.
    settled.add(`${folder}object-2.txt.json`);
    assert.deepEqual(plain.unsettledListing((key) => settled.has(key)), [{ prefix: folder, startAfter: undefined }]);
    settled.add(`${folder}object-1.txt.json`);
    assert.deepEqual(plain.unsettledListing((key) => settled.has(key)), [{ prefix: folder, startAfter: `${folder}object-2.txt.json` }]);
    settled.add(`${folder}object-3.txt.json`);
    assert.deepEqual(plain.unsettledListing((key) => settled.has(key)), []);
  });

  it("orders keys as S3 lists them (UTF-8 bytes), not as JavaScript compares strings", () => {
    // U+FF5E sorts before U+1F600 in UTF-16 code units' order but after it in UTF-8.
    const astral = `${folder}\u{1F600}.json`;
    const wide = `${folder}\uFF5E.json`;
    assert.deepEqual(ResultFolder.group([astral, wide])[0]!.unsettledListing((key) => key === wide), [{ prefix: folder, startAfter: wide }]);
    assert.deepEqual(ResultFolder.group([wide, astral])[0]!.unsettledListing((key) => key === astral), [{ prefix: folder, startAfter: undefined }]);
  });

  it("counts a result as settled once known, and an object with no result due (poisoned, upload failed) as settled", () => {
    const object = (name: string, poisoned = false): UploadedObject => ({
      key: `uploads/RUN/plain/${name}`,
      size: 1,
      sha256: "a".repeat(64),
      poisoned,
      uploadStartedAt: 0,
      uploadEndedAt: 1,
    });
    const keys = ["a.txt", "b.txt", "c.txt", "d.txt"].map((name) => `uploads/RUN/plain/${name}`);
    const ledger = new TestRunLedger(["inventory"], keys);
    const resultKey = (name: string) => TestRunLedger.resultKeyFor("inventory", `uploads/RUN/plain/${name}`);
    ledger.recordUpload(object("a.txt"));
    ledger.recordUpload(object("b.txt", true));
    ledger.recordUploadFailure("uploads/RUN/plain/c.txt", "refused");
    assert.equal(ledger.settled("inventory", resultKey("a.txt")), false);
    assert.equal(ledger.settled("inventory", resultKey("b.txt")), true);
    assert.equal(ledger.settled("inventory", resultKey("c.txt")), true);
    assert.equal(ledger.settled("inventory", resultKey("d.txt")), false, "not uploaded yet");
    ledger.recordResult("inventory", resultKey("a.txt"), { unreadable: "is not JSON" });
    assert.equal(ledger.settled("inventory", resultKey("a.txt")), true);
  });
});
