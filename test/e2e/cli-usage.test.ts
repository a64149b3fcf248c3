/**
 * The eda CLI's contract with users and scripts: help without loading the
 * AWS SDK, exit codes (0 ok, 1 failed, 2 usage), one-line errors without
 * stack traces, input validated before anything is touched, and --json
 * output where every stdout line is JSON.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator } from "../helpers/emulator.js";
import { assertOneErrorLine, createSandbox, jsonLines, REPO_ROOT, resultOf, runEda, type Sandbox } from "../helpers/cli.js";
import { loadedSources } from "../helpers/import-trace.js";
import { freePort } from "../helpers/targets.js";

const TEST_KEYS = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };

describe("eda command line", () => {
  let sandbox: Sandbox;
  let emulator: RunningEmulator;
  before(async () => {
    sandbox = createSandbox();
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
    await sandbox.dispose();
  });

  describe("help and version", () => {
    it("prints help with every command and the global options, without loading the AWS SDK or the emulator", async () => {
      const trace = join(sandbox.edaHome, "..", "help-imports.txt");
      const help = await runEda(["--help"], { ...sandbox.env, EDA_IMPORT_TRACE: trace }, { nodeFlags: ["--import", "./test/helpers/cli-import-trace.mjs"] });
      assert.equal(help.code, 0);
      for (const command of ["setup", "status", "teardown", "local"]) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, "m"));
      for (const option of ["--stack", "--region", "--profile", "--endpoint-url", "--local", "--json", "--verbose", "--no-color", "--yes"]) {
        assert.ok(help.stdout.includes(option), `help mentions ${option}`);
      }
      const loaded = loadedSources(trace);
      assert.ok(loaded.includes("src/cli/program.ts"), "the trace records the modules eda loads (built or from source)");
      assert.deepEqual(loaded.filter((source) => /@aws-sdk|@smithy|(^|\/)src\/emulator\/|(^|\/)node_modules\/(ora|chalk)\//.test(source)), []);
    });

    it("the import trace does see the AWS SDK once a command needs AWS", async () => {
      const trace = join(sandbox.edaHome, "..", "status-imports.txt");
      const port = await freePort();
      await runEda(["status", "--region", "us-east-1", "--endpoint-url", `http://127.0.0.1:${port}`], { ...sandbox.env, EDA_IMPORT_TRACE: trace }, {
        nodeFlags: ["--import", "./test/helpers/cli-import-trace.mjs"],
      });
      assert.ok(loadedSources(trace).some((source) => source.includes("node_modules/@aws-sdk/client-s3/")));
    });

    it("shows global options in each command's help", async () => {
      const help = await runEda(["local", "start", "--help"], sandbox.env);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--profile-consistency <profile>/);
      assert.match(help.stdout, /Global Options:[\s\S]*--endpoint-url/);
    });

    it("ends each command's help with examples", async () => {
      for (const command of [["setup"], ["dlq", "list"], ["local", "start"]]) {
        const help = await runEda([...command, "--help"], sandbox.env);
        assert.equal(help.code, 0);
        assert.match(help.stdout, new RegExp(`\nExamples:\n(  \\$ eda ${command.join(" ")}.*\n){2,3}$`), help.stdout);
      }
    });

    it("prints the package version", async () => {
      const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
      const run = await runEda(["--version"], sandbox.env);
      assert.deepEqual(run, { code: 0, signal: null, stdout: `${version}\n`, stderr: "" });
    });
  });

  describe("usage errors exit 2 with one line and no stack trace", () => {
    const cases: [string, string[], RegExp][] = [
      ["an unknown option", ["status", "--stakc", "x"], /unknown option '--stakc'/],
      ["an unknown command", ["stup"], /unknown command 'stup' \(Did you mean setup\?\)$/],
      ["a mistyped subcommand of a command with a default one", ["dlq", "lst"], /^error: unknown command 'lst' \(Did you mean list\?\)$/],
      ["a mistyped option", ["setup", "--dryrun"], /^error: unknown option '--dryrun' \(Did you mean --dry-run\?\)$/],
      ["an option without its value", ["status", "--region"], /option '--region <region>' argument missing/],
      ["a stack name with uppercase and underscores", ["status", "--stack", "My_Stack", "--local"], /^error: invalid stack name "My_Stack": it contains uppercase letters, "_" \(allowed: lowercase letters, digits and single hyphens/],
      ["a stack name too long for the derived names", ["status", "--stack", "a".repeat(40), "--local"], /it has 40 characters \(allowed: .*at most 32 characters\)/],
      ["an unknown region", ["status", "--region", "eu-wset-1", "--endpoint-url", "http://127.0.0.1:9"], /^error: unknown region "eu-wset-1": did you mean eu-west-1\?$/],
      ["an endpoint URL without a scheme", ["status", "--region", "us-east-1", "--endpoint-url", "localhost:4566"], /^error: invalid endpoint URL "localhost:4566"/],
      ["an invalid consistency profile", ["local", "start", "--profile-consistency", "slow"], /argument 'slow' is invalid\. Allowed choices are fast, realistic/],
      ["an invalid port", ["local", "start", "--port", "http"], /^error: invalid --port "http": expected a port number from 0 to 65535/],
      ["an invalid time scale", ["local", "start", "--time-scale", "0"], /^error: invalid --time-scale "0": expected a whole number from 1 to 1000/],
      ["--local with --endpoint-url", ["status", "--local", "--endpoint-url", "http://127.0.0.1:9"], /--local and --endpoint-url cannot be used together/],
    ];
    for (const [what, args, message] of cases) {
      it(`for ${what}`, async () => {
        const run = await runEda(args, sandbox.env);
        assert.equal(run.code, 2, run.stderr);
        assertOneErrorLine(run, message);
        assert.equal(run.stdout, "");
      });
    }

    it("with --json, ending stdout with a result line", async () => {
      const run = await runEda(["dlq", "lst", "--json"], sandbox.env);
      assert.equal(run.code, 2);
      assertOneErrorLine(run, /unknown command 'lst' \(Did you mean list\?\)/);
      assert.deepEqual(jsonLines(run.stdout), [
        {
          type: "result",
          command: "dlq",
          ok: false,
          summary: "unknown command 'lst' (Did you mean list?)",
          error: { name: "commander.unknownCommand", message: "unknown command 'lst' (Did you mean list?)", exitCode: 2 },
        },
      ]);
    });

    it("for a missing region against real AWS, before any request", async () => {
      const run = await runEda(["status"], { ...sandbox.env, ...TEST_KEYS });
      assert.equal(run.code, 2);
      assertOneErrorLine(run, /^error: no AWS region: pass --region, set AWS_REGION/);
    });

    it("for an AWS profile that does not exist", async () => {
      const run = await runEda(["status", "--region", "us-east-1", "--endpoint-url", emulator.endpoint], { ...sandbox.env, AWS_PROFILE: "nobody" });
      assert.equal(run.code, 2);
      assertOneErrorLine(run, /^error: AWS profile "nobody" \(from AWS_PROFILE\) not found/);
    });
  });

  describe("the target is checked before any change", () => {
    it("an endpoint that does not answer is named in one line, exit 2", async () => {
      const endpoint = `http://127.0.0.1:${await freePort()}`;
      const run = await runEda(["setup", "--region", "us-east-1", "--endpoint-url", endpoint], { ...sandbox.env, ...TEST_KEYS });
      assert.equal(run.code, 2);
      assertOneErrorLine(run, new RegExp(`^error: endpoint ${endpoint} does not answer: connection refused`));
    });

    it("AWS_ENDPOINT_URL is checked the same way", async () => {
      const endpoint = `http://127.0.0.1:${await freePort()}`;
      const run = await runEda(["status", "--region", "us-east-1"], { ...sandbox.env, ...TEST_KEYS, AWS_ENDPOINT_URL: endpoint });
      assert.equal(run.code, 2);
      assertOneErrorLine(run, new RegExp(`endpoint ${endpoint} does not answer`));
    });

    it("missing credentials against an endpoint exit 2 saying how to provide them", async () => {
      const run = await runEda(["setup", "--region", "us-east-1", "--endpoint-url", emulator.endpoint], sandbox.env);
      assert.equal(run.code, 2);
      assertOneErrorLine(run, /^error: no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY/);
    });

    it("credentials the endpoint does not know exit 2 naming the endpoint and AWS's error", async () => {
      const run = await runEda(["setup", "--region", "us-east-1", "--endpoint-url", emulator.endpoint], {
        ...sandbox.env,
        AWS_ACCESS_KEY_ID: "AKIDNOBODY",
        AWS_SECRET_ACCESS_KEY: "x",
      });
      assert.equal(run.code, 2);
      assertOneErrorLine(run, new RegExp(`^error: endpoint ${emulator.endpoint} rejected the AWS credentials \\(InvalidClientTokenId\\)`));
    });

    it("credentials come from a named profile in the shared files", async () => {
      const profiles = createSandbox();
      try {
        const { writeFileSync } = await import("node:fs");
        writeFileSync(profiles.env.AWS_SHARED_CREDENTIALS_FILE!, "[wrong]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = x\n");
        writeFileSync(profiles.env.AWS_CONFIG_FILE!, "[profile wrong]\nregion = us-east-1\n");
        const run = await runEda(["status", "--profile", "wrong", "--endpoint-url", emulator.endpoint], profiles.env);
        assert.equal(run.code, 2);
        assertOneErrorLine(run, /rejected the AWS credentials \(InvalidClientTokenId\)/);
      } finally {
        await profiles.dispose();
      }
    });

    it("--verbose adds the stack trace under the error line", async () => {
      const endpoint = `http://127.0.0.1:${await freePort()}`;
      const run = await runEda(["status", "--verbose", "--region", "us-east-1", "--endpoint-url", endpoint], { ...sandbox.env, ...TEST_KEYS });
      assert.equal(run.code, 2);
      const [first, ...rest] = run.stderr.trimEnd().split("\n");
      assert.match(first!, /^error: endpoint .* does not answer/);
      assert.match(rest.join("\n"), /^\s+at /m);
    });
  });

  describe("--json", () => {
    it("keeps stdout pure JSON lines ending with the result, for a command that talks to AWS", async () => {
      const run = await runEda(["status", "--json", "--region", "us-east-1", "--endpoint-url", emulator.endpoint], { ...sandbox.env, ...TEST_KEYS });
      const result = resultOf(run.stdout);
      assert.equal(result.command, "status");
      assert.equal(typeof result.ok, "boolean");
      assert.equal(run.code, result.ok ? 0 : 1);
    });

    it("ends a usage error with a result line that carries the error", async () => {
      const run = await runEda(["status", "--json", "--stack", "Nope"], sandbox.env);
      assert.equal(run.code, 2);
      assert.deepEqual(jsonLines(run.stdout), [
        {
          type: "result",
          command: "status",
          ok: false,
          summary: run.stderr.trim().replace(/^error: /, ""),
          error: { name: "UsageError", message: run.stderr.trim().replace(/^error: /, ""), exitCode: 2 },
        },
      ]);
      assertOneErrorLine(run, /invalid stack name "Nope"/);
    });

    it("works for the local commands", async () => {
      const run = await runEda(["local", "status", "--json"], sandbox.env);
      assert.equal(run.code, 0);
      assert.deepEqual(jsonLines(run.stdout), [{ type: "result", command: "local status", ok: true, summary: "emulator is not running", running: false }]);
    });
  });

  describe("plain output in a pipe", () => {
    it("has no ANSI colour or cursor codes", async () => {
      const run = await runEda(["status", "--region", "us-east-1", "--endpoint-url", emulator.endpoint], { ...sandbox.env, ...TEST_KEYS, FORCE_COLOR: "1" });
      assert.ok(run.stdout.length > 0);
      assert.doesNotMatch(run.stdout + run.stderr, /\u001b\[/);
    });
  });
});
