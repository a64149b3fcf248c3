/**
 * The built-in consumers' zips cached by their bundle's content: the cached
 * zip is the one the builder makes, a damaged entry is rebuilt, and a
 * missing bundle is still the builder's clear error.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { UsageError } from "../../../../src/core/errors.js";
import { buildHandlerZip } from "../../../../src/core/packaging/handler-zip.js";
import { cachedBuiltinZip } from "../../../../src/core/packaging/handler-code-cache.js";

const cacheDir = mkdtempSync(join(tmpdir(), "eda-zip-cache-test-"));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("handler code cache", () => {
  it("gives the builder's zip, first built and stored, then from the cache", async () => {
    const built = await buildHandlerZip("inventory");
    const first = await cachedBuiltinZip("inventory", cacheDir);
    assert.equal(first.sha256, built.sha256);
    const entries = readdirSync(cacheDir);
    assert.equal(entries.length, 1);
    const second = await cachedBuiltinZip("inventory", cacheDir);
    assert.equal(second.sha256, built.sha256);
    assert.deepEqual(Buffer.from(second.zip), Buffer.from(built.zip));
    assert.deepEqual(readdirSync(cacheDir), entries, "nothing new was written");
  });

  it("keys each consumer's bundle apart", async () => {
    const audit = await cachedBuiltinZip("audit", cacheDir);
    assert.equal(audit.sha256, (await buildHandlerZip("audit")).sha256);
    assert.equal(readdirSync(cacheDir).length, 2);
  });

  it("rebuilds a damaged entry instead of using it", async () => {
    const built = await buildHandlerZip("inventory");
    const damages = ["{", JSON.stringify({ sha256: built.sha256, zip: Buffer.from("not the zip").toString("base64") })];
    for (const damage of damages) {
      for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), damage);
      const code = await cachedBuiltinZip("inventory", cacheDir);
      assert.equal(code.sha256, built.sha256);
      assert.deepEqual(Buffer.from(code.zip), Buffer.from(built.zip));
    }
  });

  it("reports a missing bundle as the builder does", async () => {
    await assert.rejects(cachedBuiltinZip("no-such-consumer", cacheDir), UsageError);
  });
});
