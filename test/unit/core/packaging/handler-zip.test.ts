import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { UsageError } from "../../../../src/core/errors.js";
import { buildHandlerZip, type HandlerZip } from "../../../../src/core/packaging/handler-zip.js";
import { zipFiles } from "../../../../src/core/packaging/zip.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const workDir = mkdtempSync(join(tmpdir(), "eda-zip-test-"));

/** Lists a zip with Python's zipfile (an independent reader) after checking every CRC. */
function inspectWithPython(zip: Uint8Array) {
  const path = join(workDir, `inspect-${createHash("sha1").update(zip).digest("hex")}.zip`);
  writeFileSync(path, zip);
  const script = [
    "import json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "assert z.testzip() is None",
    "print(json.dumps([{'name': i.filename, 'date': list(i.date_time), 'mode': i.external_attr >> 16,",
    "  'method': i.compress_type, 'hex': z.read(i).hex()} for i in z.infolist()]))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script, path], { encoding: "utf8" })) as {
    name: string;
    date: number[];
    mode: number;
    method: number;
    hex: string;
  }[];
}

before(() => {
  execFileSync(process.execPath, [join(packageRoot, "scripts", "build-handlers.mjs")], { stdio: "pipe" });
});

after(() => rmSync(workDir, { recursive: true, force: true }));

describe("buildHandlerZip", () => {
  for (const name of ["inventory", "audit"] as const) {
    it(`packages ${name} deterministically, holding index.mjs only`, async () => {
      const first = await buildHandlerZip(name);
      const second = await buildHandlerZip(name);
      assert.deepEqual(Buffer.from(second.zip), Buffer.from(first.zip));
      assert.equal(second.sha256, first.sha256);
      assert.equal(first.sha256, createHash("sha256").update(first.zip).digest("base64"));

      const bundle = readFileSync(join(packageRoot, "dist", "handlers", name, "index.mjs"));
      const entries = inspectWithPython(first.zip);
      assert.deepEqual(entries.map((entry) => entry.name), ["index.mjs"]);
      assert.equal(entries[0]!.hex, bundle.toString("hex"));
      assert.deepEqual(entries[0]!.date, [1980, 1, 1, 0, 0, 0]);
      assert.equal(entries[0]!.mode, 0o100644);
      assert.equal(entries[0]!.method, 8);
      assert.ok(first.zip.byteLength < bundle.byteLength, "the bundle is deflated");
    });
  }

  it("asks for a build when the bundle is missing", async () => {
    const emptyRoot = mkdtempSync(join(workDir, "empty-"));
    await assert.rejects(buildHandlerZip("audit", { packageRoot: emptyRoot }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      assert.equal(
        error.message,
        `handler bundle ${join(emptyRoot, "dist", "handlers", "audit", "index.mjs")} is missing: run npm run build`,
      );
      return true;
    });
  });

  it("finds the bundle from the built layout (dist/bin, where the CLI bundle is)", async () => {
    const installed = mkdtempSync(join(workDir, "installed-"));
    writeFileSync(join(installed, "package.json"), JSON.stringify({ name: "eda", type: "module" }));
    mkdirSync(join(installed, "dist", "handlers", "inventory"), { recursive: true });
    copyFileSync(
      join(packageRoot, "dist", "handlers", "inventory", "index.mjs"),
      join(installed, "dist", "handlers", "inventory", "index.mjs"),
    );
    const compiled = join(installed, "dist", "bin", "handler-zip.js");
    await build({
      entryPoints: [join(packageRoot, "src", "core", "packaging", "handler-zip.ts")],
      outfile: compiled,
      bundle: true,
      platform: "node",
      format: "esm",
      // archiver's CommonJS dependencies require() Node's built-ins.
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
      logLevel: "silent",
    });
    const module = (await import(pathToFileURL(compiled).href)) as { buildHandlerZip: typeof buildHandlerZip };
    const fromCompiled: HandlerZip = await module.buildHandlerZip("inventory");
    const fromSource = await buildHandlerZip("inventory");
    assert.equal(fromCompiled.sha256, fromSource.sha256);
  });
});

describe("zipFiles", () => {
  const text = (value: string) => new TextEncoder().encode(value);

  it("gives the same bytes whatever the entry order, sorted inside", async () => {
    const a = { name: "a.txt", data: text("alpha") };
    const b = { name: "lib/b.mjs", data: text("export const b = 1;\n") };
    const c = { name: "ü.txt", data: new Uint8Array(0) };
    const zip = await zipFiles([c, b, a]);
    assert.deepEqual(Buffer.from(await zipFiles([a, b, c])), Buffer.from(zip));
    const entries = inspectWithPython(zip);
    assert.deepEqual(entries.map((entry) => entry.name), ["a.txt", "lib/b.mjs", "ü.txt"]);
    assert.deepEqual(entries.map((entry) => Buffer.from(entry.hex, "hex").toString()), ["alpha", "export const b = 1;\n", ""]);
  });

  it("refuses duplicate names", async () => {
    await assert.rejects(zipFiles([{ name: "x", data: text("1") }, { name: "x", data: text("2") }]), /duplicate zip entry x/);
  });
});
