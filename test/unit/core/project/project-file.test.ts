/**
 * The project file: where commands find it, what a valid one becomes, and
 * one phrase per mistake naming the field path and the fix.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { UsageError } from "../../../../src/core/errors.js";
import { MAX_STACK_NAME_LENGTH } from "../../../../src/core/preflight.js";
import { loadProject, ProjectFileError } from "../../../../src/core/project/load-project.js";
import { locateProjectFile } from "../../../../src/core/project/project-file.js";
import { schemaPath } from "../../../../src/core/project/schema.js";
import { stackNameFor } from "../../../../src/core/project/scaffold.js";
import { CONSUMER_DEFAULTS } from "../../../../src/core/stack/config.js";

const root = mkdtempSync(join(tmpdir(), "eda-project-"));
after(() => rmSync(root, { recursive: true, force: true }));

let projects = 0;
/** A project directory with eda.json holding `file` and a handler at consumers/a/index.ts. */
function project(file: unknown): string {
  const directory = join(root, `p${++projects}`);
  mkdirSync(join(directory, "consumers", "a"), { recursive: true });
  writeFileSync(join(directory, "consumers", "a", "index.ts"), "export const handler = async () => ({ batchItemFailures: [] });\n");
  writeFileSync(join(directory, "eda.json"), typeof file === "string" ? file : JSON.stringify(file, null, 2));
  return join(directory, "eda.json");
}

const consumer = (fields: Record<string, unknown> = {}) => ({ name: "a", handler: "consumers/a/index.ts", ...fields });
const valid = (fields: Record<string, unknown> = {}, consumerFields: Record<string, unknown> = {}) => ({
  stack: "my-app",
  consumers: [consumer(consumerFields)],
  ...fields,
});

function problemsOf(file: unknown): string[] {
  try {
    loadProject(project(file), "eda.json");
  } catch (error) {
    assert.ok(error instanceof ProjectFileError, String(error));
    assert.equal(error.exitCode, 2);
    return error.problems;
  }
  assert.fail("the project file was accepted");
}

describe("a project file with one mistake", () => {
  const mistakes: [string, unknown, RegExp][] = [
    ["not JSON", '{ "stack": "a", }', /^is not valid JSON at line 1, column 17/],
    ["no consumers", { stack: "my-app" }, /^"consumers" is missing \(add it\)$/],
    ["no consumer at all", valid({ consumers: [] }), /^consumers \[\] must list 1 to 10 consumers$/],
    ["eleven consumers", valid({ consumers: Array.from({ length: 11 }, (_, i) => consumer({ name: `c${i}` })) }), /^consumers .* must list 1 to 10 consumers$/],
    ["an uppercase name", valid({}, { name: "Thumbs" }), /^consumers\[0\]\.name "Thumbs" must be lowercase letters, digits and hyphens/],
    ["a name too long for the role name", valid({}, { name: "a".repeat(27) }), /^consumers\[0\]\.name "a{27}" must .*at most 26 characters .*64/],
    ["a name ending in -dlq", valid({}, { name: "a-dlq" }), /^consumers\[0\]\.name "a-dlq" must not end with -dlq/],
    ["a duplicate name", valid({ consumers: [consumer(), consumer()] }), /^consumers\[1\]\.name "a" is already the name of consumers\[0\]/],
    ["a Python handler", valid({}, { handler: "consumers/a/index.py" }), /^consumers\[0\]\.handler "consumers\/a\/index\.py" must be a \.ts, \.js or \.mjs file/],
    ["a handler file that does not exist", valid({}, { handler: "consumers/b/index.ts#run" }), /^consumers\[0\]\.handler file consumers\/b\/index\.ts does not exist/],
    ["memory below Lambda's minimum", valid({}, { memory: 64 }), /^consumers\[0\]\.memory 64 must be a whole number of MB from 128 to 10240$/],
    ["a timeout as a string", valid({}, { timeout: "30" }), /^consumers\[0\]\.timeout "30" must be a whole number of seconds from 1 to 900$/],
    ["a batch size needing a batching window", valid({}, { batchSize: 100 }), /^consumers\[0\]\.batchSize 100 must be from 1 to 10/],
    ["a reserved environment variable", valid({}, { environment: { AWS_REGION: "x" } }), /^consumers\[0\]\.environment name "AWS_REGION" must .*reserved/],
    ["a number as an environment value", valid({}, { environment: { LEVEL: 2 } }), /^consumers\[0\]\.environment\.LEVEL 2 must be a string/],
    ["a filter prefix outside uploads/", valid({}, { filter: { prefix: "images/" } }), /^consumers\[0\]\.filter\.prefix "images\/" must start with uploads\//],
    ["a suffix S3 would URL-encode", valid({}, { filter: { suffix: " copy.json" } }), /^consumers\[0\]\.filter\.suffix " copy\.json" must be letters, digits .*URL-encoded/],
    ["both prefix and suffix", valid({}, { filter: { prefix: "uploads/a/", suffix: ".json" } }), /^consumers\[0\]\.filter must give prefix or suffix, not both/],
    ["a write permission under uploads/", valid({}, { permissions: { write: ["uploads/out/"] } }), /^consumers\[0\]\.permissions\.write\[0\] "uploads\/out\/" must be a key prefix outside uploads\/.*loop/],
    ["a wildcard read permission", valid({}, { permissions: { read: ["*"] } }), /^consumers\[0\]\.permissions\.read\[0\] "\*" must be a key prefix .*no wildcards/],
    ["a misspelt field", valid({}, { memorySize: 512 }), /^consumers\[0\]\.memorySize is not a known field \(known: name, handler, memory, timeout,/],
    ["a statement without Resource", valid({}, { statements: [{ Effect: "Allow", Action: "dynamodb:PutItem" }] }), /^consumers\[0\]\.statements\[0\]\.Resource is missing \(add it\)$/],
    ["a stack name with a double hyphen", valid({ stack: "my--app" }), /^stack: invalid stack name "my--app": it contains consecutive hyphens/],
    ["an unknown region", valid({ region: "us-east-7" }), /^region: unknown region "us-east-7": did you mean us-east-1\?$/],
  ];
  for (const [what, file, expected] of mistakes) {
    it(`${what}: one problem, naming the field and the fix`, () => {
      const problems = problemsOf(file);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0]!, expected);
    });
  }

  it("several mistakes: one phrase each, in the message too", () => {
    const path = project(valid({ stack: "My" }, { name: "Thumbs", memory: 1 }));
    assert.throws(
      () => loadProject(path, "eda.json"),
      (error: unknown) => {
        assert.ok(error instanceof ProjectFileError);
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /^eda\.json: stack "My" must .*; eda\.json: consumers\[0\]\.name "Thumbs" must .*; eda\.json: consumers\[0\]\.memory 1 must/);
        return true;
      },
    );
  });
});

describe("a valid project file", () => {
  it("gives the consumers with eda's defaults, the handler export, the filter and the permissions", () => {
    const path = project({
      stack: "my-app",
      region: "eu-west-1",
      consumers: [
        consumer({ handler: "consumers/a/index.ts#run", timeout: 10, memory: 512, batchSize: 5, maxReceiveCount: 2, environment: { LEVEL: "debug" }, filter: { suffix: ".json" }, permissions: { read: ["uploads/"], write: ["results/a/"] } }),
        consumer({ name: "b" }),
      ],
    });
    const loaded = loadProject(path, "eda.json");
    assert.equal(loaded.stack, "my-app");
    assert.equal(loaded.region, "eu-west-1");
    const [a, b] = loaded.consumers;
    assert.deepEqual(a!.code, { kind: "project", projectRoot: join(path, ".."), entry: join(path, "..", "consumers", "a", "index.ts"), exportName: "run" });
    assert.deepEqual(a!.settings, { functionTimeoutSeconds: 10, functionMemoryMb: 512, queueVisibilityTimeoutSeconds: 60, maxReceiveCount: 2, batchSize: 5 });
    assert.deepEqual(a!.filter, { suffix: ".json" });
    assert.deepEqual(a!.permissions, { read: ["uploads/"], write: ["results/a/"] });
    assert.deepEqual(a!.environment, { LEVEL: "debug" });
    assert.equal(b!.code.kind === "project" && b!.code.exportName, "handler");
    assert.deepEqual(b!.settings, CONSUMER_DEFAULTS);
    assert.deepEqual(b!.permissions, { read: [], write: [] }, "nothing is granted unless declared");
  });
});

describe("finding the project file", () => {
  it("looks in the current directory, then each parent; --config wins", () => {
    const path = project(valid());
    const nested = join(path, "..", "consumers", "a");
    assert.equal(locateProjectFile(nested), path);
    assert.equal(locateProjectFile(join(path, "..")), path);
    const other = project(valid({ stack: "other" }));
    assert.equal(locateProjectFile(nested, other), other);
    assert.equal(locateProjectFile(nested, join(other, "..")), other, "a directory holding eda.json");
    assert.throws(() => locateProjectFile(nested, "missing.json"), (error: unknown) => error instanceof UsageError && /--config missing\.json: no such file/.test(error.message));
  });

  it("finds none outside a project: eda then uses its built-in consumers", () => {
    const empty = mkdtempSync(join(tmpdir(), "eda-no-project-"));
    try {
      assert.equal(locateProjectFile(empty), undefined);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("the JSON Schema", () => {
  it("bounds consumer names so role <stack>-<name>-role fits IAM's 64 characters with the longest stack", () => {
    const schema = JSON.parse(readFileSync(schemaPath(), "utf8")) as { definitions: { consumer: { properties: { name: { maxLength: number } } } } };
    const longestName = 64 - MAX_STACK_NAME_LENGTH - "--role".length;
    assert.equal(schema.definitions.consumer.properties.name.maxLength, longestName);
    assert.equal(longestName, 26);
  });
});

describe("stackNameFor", () => {
  it("makes a directory name a stack name, or falls back to eda-app", () => {
    assert.equal(stackNameFor("/home/me/My Pipeline"), "my-pipeline");
    assert.equal(stackNameFor("/tmp/42"), "eda-app");
    assert.equal(stackNameFor(`/x/${"a".repeat(40)}`), "a".repeat(32));
  });
});
