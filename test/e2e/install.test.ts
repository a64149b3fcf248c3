/**
 * Getting eda on the PATH as the README says: a packed tarball installed
 * globally (into a temporary prefix) gives a working `eda` command. Runs the
 * built CLI (npm run build first); dependencies come from npm's cache.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT } from "../helpers/cli.js";

const run = promisify(execFile);

describe("installing eda from a packed tarball", () => {
  let root: string;
  let bin: string;

  before(async () => {
    assert.ok(existsSync(join(REPO_ROOT, "dist", "bin", "eda.js")), "dist/ is built (npm run build)");
    root = mkdtempSync(join(tmpdir(), "eda-install-"));
    const npmEnv = { ...process.env, npm_config_update_notifier: "false" };
    const packed = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", root, "--json"], { cwd: REPO_ROOT, env: npmEnv });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const prefix = join(root, "prefix");
    await run("npm", ["install", "--global", "--prefix", prefix, join(root, filename), "--prefer-offline", "--no-audit", "--no-fund"], { cwd: root, env: npmEnv, timeout: 240_000 });
    bin = join(prefix, "bin", "eda");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("puts an eda command in the prefix's bin that prints its help and version", async () => {
    const help = await run(bin, ["--help"], { env: { PATH: process.env.PATH, HOME: root } });
    assert.match(help.stdout, /^Usage: eda \[options\] \[command\]/);
    assert.match(help.stdout, /\nExamples:\n {2}\$ eda demo\n/);
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal((await run(bin, ["--version"], { env: { PATH: process.env.PATH, HOME: root } })).stdout, `${version}\n`);
  });
});
