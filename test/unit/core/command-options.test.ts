import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../../../src/core/errors.js";
import {
  formatBytes,
  MAX_SINGLE_PUT_BYTES,
  parseByteSize,
  parseConsumerChoice,
  parseDuration,
  selectConsumers,
  parseNonNegativeInteger,
  parsePositiveInteger,
} from "../../../src/core/command-options.js";

function usageErrorText(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail("expected a UsageError");
}

describe("option values of the proving commands", () => {
  it("counts are whole numbers of at least 1, within their maximum", () => {
    assert.equal(parsePositiveInteger("5", "--count"), 5);
    assert.equal(parsePositiveInteger(" 10000 ", "--count"), 10000);
    assert.match(usageErrorText(() => parsePositiveInteger("0", "--count")), /invalid --count "0": expected a whole number of at least 1/);
    assert.match(usageErrorText(() => parsePositiveInteger("-3", "--count")), /invalid --count "-3"/);
    assert.match(usageErrorText(() => parsePositiveInteger("2.5", "--count")), /whole number/);
    assert.match(usageErrorText(() => parsePositiveInteger("ten", "--count")), /whole number/);
    assert.match(usageErrorText(() => parsePositiveInteger("65", "--concurrency", 64)), /at most 64/);
  });

  it("--poison may be 0 but not negative", () => {
    assert.equal(parseNonNegativeInteger("0", "--poison"), 0);
    assert.equal(parseNonNegativeInteger("3", "--poison"), 3);
    assert.match(usageErrorText(() => parseNonNegativeInteger("-1", "--poison")), /invalid --poison "-1": expected a whole number of 0 or more/);
  });

  it("durations take seconds or a unit, and must be above zero", () => {
    assert.equal(parseDuration("30", "--timeout"), 30_000);
    assert.equal(parseDuration("2.5", "--timeout"), 2500);
    assert.equal(parseDuration("500ms", "--timeout"), 500);
    assert.equal(parseDuration("90s", "--timeout"), 90_000);
    assert.equal(parseDuration("10m", "--since"), 600_000);
    assert.equal(parseDuration("2h", "--since"), 7_200_000);
    assert.equal(parseDuration("1d", "--since"), 86_400_000);
    assert.match(usageErrorText(() => parseDuration("0", "--timeout")), /invalid --timeout "0": expected a duration above zero/);
    assert.match(usageErrorText(() => parseDuration("0s", "--timeout")), /above zero/);
    assert.match(usageErrorText(() => parseDuration("-5", "--timeout")), /above zero/);
    assert.match(usageErrorText(() => parseDuration("soon", "--since")), /invalid --since "soon"/);
  });

  it("sizes take bytes or a unit and stop at S3's single-put limit with a pointer to multipart", () => {
    assert.equal(parseByteSize("1024", "--size"), 1024);
    assert.equal(parseByteSize("0", "--size"), 0);
    assert.equal(parseByteSize("64KiB", "--size"), 65536);
    assert.equal(parseByteSize("5MB", "--size"), 5_000_000);
    assert.equal(parseByteSize("5GiB", "--size"), MAX_SINGLE_PUT_BYTES);
    assert.match(usageErrorText(() => parseByteSize("6GiB", "--size")), /over S3's 5 GiB limit for a single upload: use a multipart upload/);
    assert.match(usageErrorText(() => parseByteSize("1.5", "--size")), /whole number of bytes/);
    assert.match(usageErrorText(() => parseByteSize("big", "--size")), /invalid --size "big"/);
  });

  it("--queue names a consumer or both", () => {
    assert.deepEqual(parseConsumerChoice(undefined), ["inventory", "audit"]);
    assert.deepEqual(parseConsumerChoice("both"), ["inventory", "audit"]);
    assert.deepEqual(parseConsumerChoice("all"), ["inventory", "audit"]);
    assert.deepEqual(parseConsumerChoice("audit"), ["audit"]);
    assert.match(usageErrorText(() => parseConsumerChoice("billing")), /invalid --consumer "billing": expected inventory, audit or all/);
  });

  it("--consumer picks one of the project's consumers; --queue is its alias; both at once must agree", () => {
    const project = ["inventory", "thumbs", "docs"];
    assert.deepEqual(selectConsumers({}, project), project);
    assert.deepEqual(selectConsumers({ consumer: "thumbs" }, project), ["thumbs"]);
    assert.deepEqual(selectConsumers({ queue: "docs" }, project), ["docs"]);
    assert.deepEqual(selectConsumers({ consumer: "docs", queue: "docs" }, project), ["docs"]);
    assert.deepEqual(selectConsumers({ consumer: "all" }, project), project);
    assert.match(usageErrorText(() => selectConsumers({ consumer: "audit" }, project)), /^invalid --consumer "audit": expected inventory, thumbs, docs or all$/);
    assert.match(usageErrorText(() => selectConsumers({ queue: "audit" }, project)), /^invalid --queue "audit": expected inventory, thumbs, docs or all$/);
    assert.match(usageErrorText(() => selectConsumers({ consumer: "docs", queue: "thumbs" }, project)), /^--consumer docs and --queue thumbs disagree/);
  });

  it("formats byte counts for people", () => {
    assert.equal(formatBytes(5), "5 B");
    assert.equal(formatBytes(1536), "1.5 KiB");
    assert.equal(formatBytes(5 * 1024 ** 3), "5.0 GiB");
  });
});
