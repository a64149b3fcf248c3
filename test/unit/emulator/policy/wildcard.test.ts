/**
 * IAM wildcard matching (`*`, `?`): the same answers as a regular
 * expression for ordinary patterns, and an answer at all for the patterns
 * that made the old RegExp backtrack for seconds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../../../src/emulator/clock.js";
import { wildcardMatches } from "../../../../src/emulator/policy/wildcard.js";

/** The specification, as a (backtracking) regular expression: fine for short inputs. */
function reference(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

describe("IAM wildcard matching", () => {
  it("matches ARNs and actions as IAM does", () => {
    const cases: [string, string, boolean, boolean][] = [
      ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.txt", false, true],
      ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false, false],
      ["arn:aws:s3:::bucket/results/inventory/*", "arn:aws:s3:::bucket/results/audit/x.json", false, false],
      ["arn:aws:sqs:*:000000000000:eda-*", "arn:aws:sqs:us-east-1:000000000000:eda-inventory", false, true],
      ["s3:Get*", "s3:getobject", true, true],
      ["s3:Get*", "s3:getobject", false, false],
      ["sqs:?eceiveMessage", "sqs:ReceiveMessage", true, true],
      ["a?c", "abbc", false, false],
      ["*", "", false, true],
      ["", "", false, true],
      ["a*", "a", false, true],
      ["*a*a", "aa", false, true],
      ["*a*a", "a", false, false],
      ["ab*ba", "aba", false, false],
    ];
    for (const [pattern, value, ignoreCase, expected] of cases) {
      assert.equal(wildcardMatches(pattern, value, ignoreCase), expected, `${pattern} ~ ${value}`);
    }
  });

  it("agrees with the regular-expression definition on 20,000 random patterns and values", () => {
    const random = seededRandom(61);
    const pick = (alphabet: string, max: number) =>
      Array.from({ length: Math.floor(random.next() * max) }, () => alphabet[Math.floor(random.next() * alphabet.length)]).join("");
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick("ab*?", 8);
      const value = pick("abAB", 10);
      const ignoreCase = random.next() < 0.5;
      assert.equal(wildcardMatches(pattern, value, ignoreCase), reference(pattern, value, ignoreCase), `${JSON.stringify(pattern)} ~ ${JSON.stringify(value)}`);
    }
  });

  it("answers patterns that make a backtracking matcher run for hours (many stars, long values)", () => {
    const value = `arn:aws:s3:::bucket/${"a".repeat(5000)}`;
    assert.equal(wildcardMatches(`arn:aws:s3:::bucket/${"*a".repeat(40)}*b`, value), false);
    assert.equal(wildcardMatches(`arn:aws:s3:::bucket/${"*a".repeat(40)}*`, value), true);
    assert.equal(wildcardMatches(`${"*?".repeat(30)}*z`, "y".repeat(5000)), false);
  });
});
