/**
 * A project consumer's bundle: deterministic bytes, the project's packages
 * inside and the runtime's AWS SDK outside (unless the project depends on its
 * own), a source map for stack traces, and compile errors as one line naming
 * file:line relative to the project.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { UsageError } from "../../../../src/core/errors.js";
import { bundleProjectConsumer } from "../../../../src/core/packaging/project-bundle.js";
import type { ConsumerSpec } from "../../../../src/core/stack/config.js";
import { CONSUMER_DEFAULTS } from "../../../../src/core/stack/config.js";

const root = mkdtempSync(join(tmpdir(), "eda-bundle-"));
after(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
function projectWith(files: Record<string, string>): string {
  const directory = join(root, `p${++count}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  return directory;
}

function spec(projectRoot: string, entry = "consumers/a/index.ts", exportName = "handler"): ConsumerSpec {
  return {
    name: "a",
    code: { kind: "project", projectRoot, entry: join(projectRoot, entry), exportName },
    settings: CONSUMER_DEFAULTS,
    environment: {},
    filter: {},
    permissions: { read: [], write: [] },
    statements: [],
  };
}

/** The zip's entries and their text, read by Python's zipfile (an independent reader). */
function unzip(zip: Uint8Array): Record<string, string> {
  const path = join(root, `z${++count}.zip`);
  writeFileSync(path, zip);
  const script = "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))";
  return JSON.parse(execFileSync("python3", ["-c", script, path], { encoding: "utf8" })) as Record<string, string>;
}

const HANDLER = [
  'import { S3Client } from "@aws-sdk/client-s3";',
  'import { shout } from "shouty";',
  'import { greet } from "../../lib/greet.js";',
  "export const client = new S3Client({});",
  "export async function handler(event: { Records: unknown[] }): Promise<{ batchItemFailures: [] }> {",
  "  console.log(shout(greet(String(event.Records.length))));",
  "  return { batchItemFailures: [] };",
  "}",
].join("\n");

function typicalProject(packageJson: object = { name: "p", private: true }): string {
  return projectWith({
    "package.json": JSON.stringify(packageJson),
    "consumers/a/index.ts": HANDLER,
    "lib/greet.ts": "export const greet = (name: string): string => `hello ${name}`;\n",
    "node_modules/shouty/package.json": JSON.stringify({ name: "shouty", version: "1.0.0", main: "index.js" }),
    "node_modules/shouty/index.js": "exports.shout = (text) => text.toUpperCase() + '!';\n",
    "node_modules/@aws-sdk/client-s3/package.json": JSON.stringify({ name: "@aws-sdk/client-s3", version: "0.0.1-project", main: "index.js" }),
    "node_modules/@aws-sdk/client-s3/index.js": "exports.S3Client = class { constructor() { this.projectsOwnSdk = true; } };\n",
  });
}

describe("bundleProjectConsumer", () => {
  it("gives byte-identical zips for the same sources, and another CodeSha256 after an edit", async () => {
    const directory = typicalProject();
    const first = await bundleProjectConsumer(spec(directory));
    const second = await bundleProjectConsumer(spec(directory));
    assert.deepEqual(Buffer.from(second.zip), Buffer.from(first.zip));
    assert.equal(second.sha256, first.sha256);
    writeFileSync(join(directory, "lib", "greet.ts"), "export const greet = (name: string): string => `hi ${name}`;\n");
    const edited = await bundleProjectConsumer(spec(directory));
    assert.notEqual(edited.sha256, first.sha256, "an edit to an imported file outside the consumer's folder counts");
  });

  it("bundles the project's packages, leaves the runtime's AWS SDK out, and maps back to the .ts lines", async () => {
    const directory = typicalProject();
    const code = await bundleProjectConsumer(spec(directory));
    const files = unzip(code.zip);
    assert.deepEqual(Object.keys(files).sort(), ["index.mjs", "index.mjs.map"]);
    const bundle = files["index.mjs"]!;
    assert.match(bundle, /toUpperCase\(\) \+ "!"/, "shouty is inside");
    assert.match(bundle, /from "@aws-sdk\/client-s3"/, "the SDK is imported from the runtime");
    assert.doesNotMatch(bundle, /projectsOwnSdk/);
    assert.match(bundle, /\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    const map = JSON.parse(files["index.mjs.map"]!) as { sources: string[] };
    assert.ok(map.sources.includes("consumers/a/index.ts"), map.sources.join(", "));
    assert.ok(map.sources.includes("lib/greet.ts"));
    // The tracing shim wrapped around the handler (src/function-shim) is bundled from eda's own files.
    const [own, eda] = [(source: string) => source.startsWith(`${directory}/`), (source: string) => !source.startsWith(`${directory}/`)];
    assert.deepEqual(
      code.sources?.filter(own).map((source) => source.slice(directory.length + 1)).sort(),
      ["consumers/a/index.ts", "lib/greet.ts", "node_modules/shouty/index.js"],
    );
    assert.ok(code.sources?.filter(eda).some((source) => /function-shim[\\/]traced\.(ts|js)$/.test(source)), code.sources?.join(", "));
  });

  it("bundles an @aws-sdk package the project lists as a dependency, so the project's version runs", async () => {
    const directory = typicalProject({ name: "p", private: true, dependencies: { "@aws-sdk/client-s3": "0.0.1-project" } });
    const bundle = unzip((await bundleProjectConsumer(spec(directory))).zip)["index.mjs"]!;
    assert.match(bundle, /projectsOwnSdk/);
    assert.doesNotMatch(bundle, /from "@aws-sdk\/client-s3"/);
  });

  it("runs: the bundle's handler answers as the user's code does", async () => {
    const directory = typicalProject({ name: "p", private: true, dependencies: { "@aws-sdk/client-s3": "0.0.1-project" } });
    const files = unzip((await bundleProjectConsumer(spec(directory))).zip);
    const out = join(root, `run${++count}`);
    mkdirSync(out);
    writeFileSync(join(out, "index.mjs"), files["index.mjs"]!);
    const printed = execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(join(out, "index.mjs"))}); console.log(JSON.stringify(await m.handler({ Records: [1, 2] })));`], { encoding: "utf8" });
    assert.deepEqual(printed.trim().split("\n"), ["HELLO 2!", '{"batchItemFailures":[]}']);
  });

  it("refuses a compile error with one line naming file:line relative to the project", async () => {
    const directory = projectWith({ "consumers/a/index.ts": "export const handler = async () => {\n  return { batchItemFailures: [] ;\n};\n" });
    await assert.rejects(bundleProjectConsumer(spec(directory)), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /^consumer a: consumers\/a\/index\.ts:2:\d+: Expected "}" but found ";"$/);
      return true;
    });
  });

  it("refuses a missing import and a missing export, naming the file", async () => {
    const missingImport = projectWith({ "consumers/a/index.ts": 'import { x } from "./nowhere.js";\nexport const handler = async () => x;\n' });
    await assert.rejects(bundleProjectConsumer(spec(missingImport)), /^UsageError: consumer a: consumers\/a\/index\.ts:1:\d+: Could not resolve "\.\/nowhere\.js"$/);
    const missingExport = projectWith({ "consumers/a/index.ts": "export const main = async () => ({ batchItemFailures: [] });\n" });
    await assert.rejects(bundleProjectConsumer(spec(missingExport)), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /^consumer a: consumers\/a\/index\.ts: no export named "handler" \(export the handler under that name, or name its export after # in eda\.json's handler\)$/);
      return true;
    });
    await bundleProjectConsumer(spec(missingExport, "consumers/a/index.ts", "main"));
  });
});
