/**
 * Mistakes in eda.json through the real CLI: each is one line on stderr
 * naming the field and the fix, exit 2, before eda contacts any endpoint (the
 * one given is a closed loopback port, so nothing could be changed).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { assertOneErrorLine, createSandbox, runEda, type Sandbox } from "../helpers/cli.js";
import { freePort } from "../helpers/targets.js";

const consumer = (fields: Record<string, unknown> = {}) => ({ name: "a", handler: "consumers/a/index.ts", ...fields });
const file = (consumerFields: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) => ({ stack: "my-app", consumers: [consumer(consumerFields)], ...fields });

const MISTAKES: [string, unknown, RegExp][] = [
  ["broken JSON", '{ "stack": "my-app", "consumers": [ }', /eda\.json: is not valid JSON( at line 1, column \d+)?: /],
  ["no consumers", { stack: "my-app" }, /eda\.json: "consumers" is missing \(add it\)$/],
  ["an uppercase consumer name", file({ name: "Thumbs" }), /eda\.json: consumers\[0\]\.name "Thumbs" must be lowercase letters, digits and hyphens/],
  ["a name too long", file({ name: "n".repeat(30) }), /consumers\[0\]\.name "n{30}" must .*at most 26 characters/],
  ["a missing handler file", file({ handler: "consumers/b/index.ts" }), /consumers\[0\]\.handler file consumers\/b\/index\.ts does not exist/],
  ["a handler that is not JavaScript", file({ handler: "consumers/a/main.go" }), /consumers\[0\]\.handler "consumers\/a\/main\.go" must be a \.ts, \.js or \.mjs file/],
  ["memory too small", file({ memory: 100 }), /consumers\[0\]\.memory 100 must be a whole number of MB from 128 to 10240$/],
  ["a timeout beyond Lambda's", file({ timeout: 901 }), /consumers\[0\]\.timeout 901 must be a whole number of seconds from 1 to 900$/],
  ["a reserved environment name", file({ environment: { EDA_BUCKET: "x" } }), /consumers\[0\]\.environment name "EDA_BUCKET" must .*reserved/],
  ["prefix and suffix together", file({ filter: { prefix: "uploads/a/", suffix: ".json" } }), /consumers\[0\]\.filter must give prefix or suffix, not both/],
  ["a write permission under uploads/", file({ permissions: { write: ["uploads/"] } }), /consumers\[0\]\.permissions\.write\[0\] "uploads\/" must be a key prefix outside uploads\//],
  ["an unknown field", file({}, { consumer: [] }), /eda\.json: "consumer" is not a known field \(known: \$schema, stack, region, consumers\)$/],
];

describe("mistakes in eda.json, through the CLI", () => {
  let sandbox: Sandbox;
  let root: string;
  let endpoint: string;
  before(async () => {
    sandbox = createSandbox();
    root = mkdtempSync(join(tmpdir(), "eda-bad-project-"));
    endpoint = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await sandbox?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(`${MISTAKES.length} mistakes: each one line naming the field and the fix, exit 2`, async () => {
    const runs = await Promise.all(
      MISTAKES.map(async ([what, content], index) => {
        const directory = join(root, `p${index}`);
        mkdirSync(join(directory, "consumers", "a"), { recursive: true });
        writeFileSync(join(directory, "consumers", "a", "index.ts"), "export const handler = async () => ({ batchItemFailures: [] });\n");
        writeFileSync(join(directory, "eda.json"), typeof content === "string" ? content : JSON.stringify(content));
        return { what, run: await runEda(["setup", "--config", join(directory, "eda.json"), "--endpoint-url", endpoint], sandbox.env, { timeoutMs: 120_000 }) };
      }),
    );
    runs.forEach(({ what, run }, index) => {
      assert.equal(run.code, 2, `${what}: ${run.stderr}`);
      assertOneErrorLine(run, MISTAKES[index]![2]);
    });
  });
});
