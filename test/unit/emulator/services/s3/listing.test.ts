/**
 * S3 lists keys in UTF-8 byte order. The emulator compares keys without
 * encoding them; these cases pin down where that order differs from
 * JavaScript's UTF-16 order (characters above U+FFFF against U+E000..U+FFFF).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareKeys, firstIndexNotBefore } from "../../../../../src/emulator/services/s3/listing.js";

const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));

describe("S3 key order", () => {
  it("agrees with UTF-8 byte order, also where UTF-16 order does not", () => {
    const keys = ["", "a", "a/", "a/b", "ab", "B", "é", "\ud7ff", "\ue000", "\uff21", "\uffff", "\u{10000}", "\u{1f600}", "x\u{1f600}", "x\uffff", "uploads/2", "uploads/10"];
    for (const a of keys) {
      for (const b of keys) assert.equal(Math.sign(compareKeys(a, b)), utf8Order(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    assert.ok(compareKeys("\uffff", "\u{1f600}") < 0, "U+FFFF sorts before U+1F600 (UTF-16 says after)");
  });

  it("finds where a key belongs in a sorted list", () => {
    const sorted = ["a", "b/1", "b/2", "\uff21", "\u{1f600}"];
    assert.equal(firstIndexNotBefore(sorted, ""), 0);
    assert.equal(firstIndexNotBefore(sorted, "b/"), 1);
    assert.equal(firstIndexNotBefore(sorted, "b/2"), 2);
    assert.equal(firstIndexNotBefore(sorted, "\uffff"), 4);
    assert.equal(firstIndexNotBefore(sorted, "\u{1f601}"), 5);
  });
});
