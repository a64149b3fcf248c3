import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandsWithoutExamples, HELP_EXAMPLES } from "../../../src/cli/help-examples.js";
import { createProgram } from "../../../src/cli/program.js";

describe("help examples", () => {
  it("every command has two or three", () => {
    assert.deepEqual(commandsWithoutExamples(createProgram()), []);
    for (const [path, examples] of Object.entries(HELP_EXAMPLES)) {
      assert.ok(examples.length >= 2 && examples.length <= 3, `${path || "eda"} has ${examples.length} examples`);
    }
  });

  it("each example runs the command it is listed under", () => {
    for (const [path, examples] of Object.entries(HELP_EXAMPLES)) {
      for (const example of examples) assert.ok(example.startsWith(`eda ${path}`.trim()), `${example} (under ${path || "eda"})`);
    }
  });
});
