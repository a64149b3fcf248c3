/**
 * `eda init`'s templates: what each writes, that the project file it writes
 * is valid, and that its handlers type-check under strict TypeScript with the
 * types its package.json names (resolved here from eda's own node_modules).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../../../src/core/errors.js";
import { loadProject } from "../../../../src/core/project/load-project.js";
import { scaffoldProject } from "../../../../src/core/project/scaffold.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "eda-init-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("eda init's templates", () => {
  for (const [template, consumers] of [["default", ["inventory", "audit"]], ["minimal", ["log-objects"]]] as const) {
    it(`${template}: a valid project whose handlers type-check`, () => {
      const directory = join(root, template);
      const result = scaffoldProject({ directory, template, stack: `init-${template}` });
      assert.deepEqual(result.files, [
        ".gitignore",
        "README.md",
        ...consumers.map((name) => `consumers/${name}/index.ts`).sort(),
        "eda.json",
        "package.json",
        "tsconfig.json",
      ]);
      const project = loadProject(join(directory, "eda.json"), "eda.json");
      assert.equal(project.stack, `init-${template}`);
      assert.deepEqual(project.consumers.map((consumer) => consumer.name), consumers);
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { name: string; devDependencies: Record<string, string> };
      assert.equal(manifest.name, `init-${template}`);
      assert.ok(!("dependencies" in manifest), "no @aws-sdk under dependencies: the runtime's SDK is used");
      symlinkSync(join(repoRoot, "node_modules"), join(directory, "node_modules"));
      execFileSync(process.execPath, [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", directory], { encoding: "utf8" });
    });
  }

  it("never overwrites, and names every file in the way", () => {
    const directory = join(root, "twice");
    scaffoldProject({ directory, template: "minimal" });
    assert.throws(
      () => scaffoldProject({ directory, template: "minimal" }),
      (error: unknown) => error instanceof UsageError && /never overwrites: \.gitignore, README\.md, consumers\/log-objects\/index\.ts, eda\.json, package\.json, tsconfig\.json already exist/.test(error.message),
    );
    assert.throws(() => scaffoldProject({ directory: join(root, "x"), template: "fancy" }), /unknown template "fancy": choose default or minimal/);
  });
});
