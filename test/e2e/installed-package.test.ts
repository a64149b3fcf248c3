/**
 * eda as a user gets it: packed with `npm pack` and installed globally from
 * the tarball into a temporary prefix, as the README's "Putting eda on the
 * PATH" says (dependencies from npm's cache; one install serves every test
 * here). The `eda` in the prefix's bin prints its help and version, then runs
 * every command of the "Your own consumers" tutorial's sh blocks in order, on
 * the embedded emulator (--local, temporary EDA_HOME). The edit the tutorial
 * describes is made between the commands, and the JSON example it shows is
 * checked against the project file's rules.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliRun, finished, REPO_ROOT } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";

/** The commands of the tutorial's sh blocks, in order. */
function tutorialCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Your own consumers"), readme.indexOf("\n## ", readme.indexOf("## Your own consumers") + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.split("\n").map((line) => line.trim()).filter(Boolean));
}

/** The JSON example of the tutorial (a consumer entry). */
function tutorialConsumerExample(): Record<string, unknown> {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Your own consumers"));
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as Record<string, unknown>;
}

describe("eda installed from a packed tarball, and the README tutorial run with it", { concurrency: false }, () => {
  let root: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;
  let cwd: string;
  const run = (args: string[], timeoutMs = 300_000): Promise<CliRun> =>
    finished(spawn("eda", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] }), { timeoutMs, what: `eda ${args.join(" ")}` });

  before(() => {
    assert.ok(existsSync(join(REPO_ROOT, "dist", "bin", "eda.js")), "dist/ is missing: run npm run build first");
    root = mkdtempSync(join(tmpdir(), "eda-installed-"));
    const npmEnv = { ...process.env, npm_config_update_notifier: "false" };
    // The build is there already: --ignore-scripts keeps `prepare` from building again.
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", root], { cwd: REPO_ROOT, env: npmEnv, stdio: "pipe" });
    const tarball = readdirSync(root).find((name) => name.endsWith(".tgz"))!;
    const prefix = join(root, "prefix");
    // `npm install -g ./eda-<version>.tgz`, into a prefix of its own; dependencies' install scripts run as for a user.
    execFileSync("npm", ["install", "--global", "--prefix", prefix, join(root, tarball), "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: root,
      env: npmEnv,
      stdio: "pipe",
      timeout: 540_000,
    });
    bin = join(prefix, "bin");
    cwd = join(root, "work");
    mkdirSync(cwd);
    env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: root,
      EDA_HOME: join(root, "eda-home"),
      EDA_LOCAL_PORT: "0",
      AWS_CONFIG_FILE: join(root, "aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(root, "aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      NO_COLOR: "1",
    };
  });
  after(async () => {
    if (env) await run(["local", "stop", "--yes"], 60_000).catch(() => undefined);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("puts an eda command in the prefix's bin that prints its help and version", async () => {
    assert.ok(existsSync(join(bin, "eda")), `no eda in ${bin}`);
    const help = await run(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: eda \[options\] \[command\]/);
    assert.match(help.stdout, /\nExamples:\n {2}\$ eda demo\n/);
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const printed = await run(["--version"]);
    assert.equal(printed.stdout, `${version}\n`);
  });

  it("runs every command of the tutorial", async (t) => {
    const commands = tutorialCommands();
    assert.deepEqual(commands, [
      "eda init my-pipeline",
      "cd my-pipeline",
      "eda setup --local",
      "eda test --local",
      "eda setup --local",
      "eda watch --local",
      "eda teardown --local --yes",
    ]);
    let setups = 0;
    for (const command of commands) {
      const [program, ...args] = command.split(" ");
      if (program === "cd") {
        cwd = join(cwd, args[0]!);
        continue;
      }
      assert.equal(program, "eda");
      if (args[0] === "watch") {
        const child = spawn("eda", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
        try {
          await eventually("eda watch to start watching", async () => (/watching \d+ source files of inventory, audit/.test(output) ? true : undefined), 180_000);
        } finally {
          child.kill("SIGINT");
        }
        assert.equal(await exited, 130, output);
        continue;
      }
      if (args[0] === "setup" && ++setups === 2) {
        // The tutorial's edit: change what inventory logs.
        const file = join(cwd, "consumers", "inventory", "index.ts");
        writeFileSync(file, readFileSync(file, "utf8").replace('outcome: "processed"', 'outcome: "processed", note: "edited"'));
      }
      const result = await run(args);
      t.diagnostic(`${command}: exit ${result.code}: ${result.stdout.trim().split("\n").at(-1)}`);
      assert.equal(result.code, 0, `${command}\n${result.stdout}\n${result.stderr}`);
      if (args[0] === "setup" && setups === 2) assert.match(result.stdout, /created 0, updated 1, unchanged 21/);
      if (args[0] === "teardown") assert.match(result.stdout, /stack my-pipeline is gone/);
    }
  });

  it("shows a consumer example the project file accepts", async () => {
    const { loadProject } = await import("../../src/core/project/load-project.js");
    const example = tutorialConsumerExample();
    const directory = join(root, "example");
    mkdirSync(join(directory, "consumers", "orders"), { recursive: true });
    writeFileSync(join(directory, "consumers", "orders", "index.ts"), "export const handler = async () => ({ batchItemFailures: [] });\n");
    writeFileSync(join(directory, "eda.json"), JSON.stringify({ stack: "example", consumers: [example] }));
    const project = loadProject(join(directory, "eda.json"), "eda.json");
    assert.deepEqual(project.consumers[0]!.filter, { suffix: ".json" });
  });
});
