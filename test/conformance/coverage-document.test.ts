/**
 * docs/emulator-coverage.md is generated from the operation tables and the
 * SDK clients' command lists; this fails when someone adds or removes an
 * operation (or a known difference) without regenerating it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { COVERAGE_DOCUMENT, renderCoverage } from "../../scripts/emulator-coverage.js";
import { allServices } from "../../src/emulator/services/registry.js";

describe("docs/emulator-coverage.md", () => {
  it("is current: regenerate with node --import tsx scripts/emulator-coverage.ts", () => {
    assert.equal(readFileSync(COVERAGE_DOCUMENT, "utf8"), renderCoverage());
  });

  it("lists every implemented operation of every service", () => {
    const document = readFileSync(COVERAGE_DOCUMENT, "utf8");
    for (const service of allServices) {
      const section = document.split(`## ${service.displayName}\n`)[1]!.split("\n## ")[0]!;
      const implemented = /Implemented \(\d+\): (.*)\./.exec(section)![1]!;
      for (const operation of Object.keys(service.operations)) assert.ok(implemented.includes(`\`${operation}\``), `${service.displayName} ${operation}`);
    }
  });

  it("refuses a known difference for an operation that is not implemented", () => {
    assert.throws(
      () => renderCoverage({ s3: [{ operation: "GetBucketAcl", difference: "d", reason: "r" }] }),
      /s3 GetBucketAcl is not an implemented operation/,
    );
  });
});
