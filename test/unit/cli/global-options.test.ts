import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "commander";
import { resolveTarget } from "../../../src/cli/context-factory.js";
import { addGlobalOptions, DEFAULT_STACK_NAME, globalOptionsOf, outputSettings, type GlobalOptions } from "../../../src/cli/global-options.js";
import { UsageError } from "../../../src/core/errors.js";
import { MAX_STACK_NAME_LENGTH, validateEndpointUrl, validateRegion, validateStackName } from "../../../src/core/preflight.js";

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.ok(!error.message.includes("\n"), "one line");
    return error.message;
  }
  assert.fail("expected a UsageError");
}

describe("stack name validation", () => {
  it("accepts names every derived resource name can carry", () => {
    for (const name of ["eda-demo", "a", "team1-dev", "x".repeat(MAX_STACK_NAME_LENGTH)]) assert.equal(validateStackName(name), name);
  });

  it("says what is wrong and what is allowed", () => {
    const cases: [string, RegExp][] = [
      ["", /it is empty/],
      ["Demo", /uppercase letters/],
      ["my_stack", /contains "_"/],
      ["my.stack", /contains "\."/],
      ["1stack", /does not start with a letter/],
      ["-stack", /does not start with a letter/],
      ["stack-", /ends with a hyphen/],
      ["my--stack", /consecutive hyphens/],
      ["sthree-demo", /S3 reserves bucket names starting with "sthree-"/],
      ["x".repeat(MAX_STACK_NAME_LENGTH + 1), new RegExp(`it has ${MAX_STACK_NAME_LENGTH + 1} characters`)],
    ];
    for (const [name, problem] of cases) {
      const message = usageMessage(() => validateStackName(name));
      assert.match(message, new RegExp(`^invalid stack name "${name.replace(/\./g, "\\.")}"`));
      assert.match(message, problem);
      assert.match(message, /allowed: lowercase letters, digits and single hyphens/);
      assert.match(message, new RegExp(`at most ${MAX_STACK_NAME_LENGTH} characters`));
    }
  });

  it("keeps the longest bucket name <stack>-<account>-<region> within S3's 63 characters", () => {
    const longestRegion = "us-isof-south-1";
    assert.ok(`${"x".repeat(MAX_STACK_NAME_LENGTH)}-123456789012-${longestRegion}`.length <= 63);
  });
});

describe("region validation", () => {
  it("accepts regions of every partition", () => {
    for (const region of ["us-east-1", "eu-west-3", "ap-southeast-5", "cn-north-1", "us-gov-west-1"]) assert.equal(validateRegion(region), region);
  });

  it("names an unknown region and suggests the closest one", () => {
    assert.equal(usageMessage(() => validateRegion("us-est-1")), 'unknown region "us-est-1": did you mean us-east-1?');
    assert.equal(usageMessage(() => validateRegion("EU-WEST-1")), 'unknown region "EU-WEST-1": did you mean eu-west-1?');
    assert.equal(usageMessage(() => validateRegion("moon")), 'unknown region "moon": expected a region such as us-east-1 or eu-west-1');
  });
});

describe("endpoint URL validation", () => {
  it("normalises a valid endpoint to its origin", () => {
    assert.equal(validateEndpointUrl("http://127.0.0.1:4566/"), "http://127.0.0.1:4566");
    assert.equal(validateEndpointUrl("https://gateway.example.com/aws/"), "https://gateway.example.com/aws");
  });

  it("refuses what is not an http(s) endpoint", () => {
    assert.match(usageMessage(() => validateEndpointUrl("localhost:4566")), /scheme must be http or https, not localhost/);
    assert.match(usageMessage(() => validateEndpointUrl("not a url")), /^invalid endpoint URL "not a url": expected http:\/\/host:port/);
    assert.match(usageMessage(() => validateEndpointUrl("ftp://host")), /not ftp$/);
    assert.match(usageMessage(() => validateEndpointUrl("http://host:1/?x=1")), /must not contain a query/);
  });
});

describe("target resolution", () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    home = mkdtempSync(join(tmpdir(), "eda-options-"));
    const config = join(home, "config");
    writeFileSync(config, "[default]\nregion = eu-central-1\n\n[profile work]\nregion = ap-south-1\n");
    env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials") };
    // loadSharedConfigFiles reads these variables from the process environment.
    Object.assign(process.env, env);
  });
  after(() => {
    delete process.env.AWS_CONFIG_FILE;
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    rmSync(home, { recursive: true, force: true });
  });

  const options = (overrides: Partial<GlobalOptions> = {}): GlobalOptions => ({ command: "test", stack: DEFAULT_STACK_NAME, color: true, ...overrides });

  it("takes the region from the flag, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile", async () => {
    assert.equal((await resolveTarget(options({ region: "us-west-2" }), { ...env, AWS_REGION: "eu-west-1" })).target.region, "us-west-2");
    assert.equal((await resolveTarget(options(), { ...env, AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-2" })).target.region, "eu-west-1");
    assert.equal((await resolveTarget(options(), { ...env, AWS_DEFAULT_REGION: "eu-west-2" })).target.region, "eu-west-2");
    assert.equal((await resolveTarget(options(), env)).target.region, "eu-central-1");
    assert.equal((await resolveTarget(options({ profile: "work" }), env)).target.region, "ap-south-1");
    assert.equal((await resolveTarget(options(), { ...env, AWS_PROFILE: "work" })).target.region, "ap-south-1");
  });

  it("takes the endpoint from the flag or AWS_ENDPOINT_URL", async () => {
    assert.equal((await resolveTarget(options({ endpointUrl: "http://127.0.0.1:1/" }), env)).target.endpoint, "http://127.0.0.1:1");
    assert.equal((await resolveTarget(options(), { ...env, AWS_ENDPOINT_URL: "http://localhost:2" })).target.endpoint, "http://localhost:2");
    assert.equal((await resolveTarget(options(), env)).target.endpoint, undefined);
  });

  it("uses us-east-1 for --local and ignores the environment's endpoint, region and profile", async () => {
    const { target } = await resolveTarget(options({ local: true }), { ...env, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://x:1", AWS_PROFILE: "work" });
    assert.deepEqual(target, { region: "us-east-1", local: true });
  });

  it("refuses a profile that does not exist, naming it", async () => {
    await assert.rejects(resolveTarget(options({ profile: "nope" }), env), {
      name: "UsageError",
      message: /^AWS profile "nope" not found in ~\/\.aws\/config or ~\/\.aws\/credentials/,
    });
    await assert.rejects(resolveTarget(options(), { ...env, AWS_PROFILE: "gone" }), { message: /"gone" \(from AWS_PROFILE\) not found/ });
  });

  it("refuses --local with --endpoint-url, and a missing region", async () => {
    await assert.rejects(resolveTarget(options({ local: true, endpointUrl: "http://x:1" }), env), { name: "UsageError", message: /--local and --endpoint-url cannot be used together/ });
    const noRegionConfig = join(home, "empty-config");
    writeFileSync(noRegionConfig, "");
    process.env.AWS_CONFIG_FILE = noRegionConfig;
    try {
      await assert.rejects(resolveTarget(options(), { AWS_CONFIG_FILE: noRegionConfig }), { name: "UsageError", message: /^no AWS region: pass --region/ });
    } finally {
      process.env.AWS_CONFIG_FILE = env.AWS_CONFIG_FILE;
    }
  });

  it("validates the stack name and region it resolves", async () => {
    await assert.rejects(resolveTarget(options({ stack: "Bad" }), env), { message: /^invalid stack name "Bad"/ });
    await assert.rejects(resolveTarget(options({ region: "us-east-9" }), env), { message: /^unknown region "us-east-9"/ });
  });
});

describe("global options on the command line", () => {
  function parse(argv: string[]): GlobalOptions {
    let seen: GlobalOptions | undefined;
    const program = addGlobalOptions(new Command("eda").exitOverride());
    program
      .command("local")
      .command("start")
      .action((_options: object, command: Command) => {
        seen = globalOptionsOf(command);
      });
    program.parse(argv, { from: "user" });
    assert.ok(seen);
    return seen;
  }

  it("are recognised before and after the subcommand, with the full command name", () => {
    const before = parse(["--json", "--stack", "s1", "local", "start"]);
    const afterwards = parse(["local", "start", "--json", "--stack", "s1"]);
    for (const options of [before, afterwards]) {
      assert.equal(options.command, "local start");
      assert.equal(options.json, true);
      assert.equal(options.stack, "s1");
    }
  });

  it("default to the eda-demo stack with colour on", () => {
    const options = parse(["local", "start"]);
    assert.equal(options.stack, "eda-demo");
    assert.equal(options.color, true);
    assert.equal(parse(["local", "start", "--no-color"]).color, false);
  });
});

describe("output settings", () => {
  const terminal = { stdoutIsTty: true, stderrIsTty: true, stderrColumns: 80, env: {} };

  it("uses spinners and colour on a terminal", () => {
    assert.deepEqual(outputSettings({ color: true }, terminal), { json: false, verbose: false, interactive: true, color: true, yes: false });
  });

  it("turns colour off with --no-color, NO_COLOR, or without a terminal", () => {
    assert.equal(outputSettings({ color: false }, terminal).color, false);
    assert.equal(outputSettings({ color: true }, { ...terminal, env: { NO_COLOR: "1" } }).color, false);
    assert.equal(outputSettings({ color: true }, { ...terminal, env: { NO_COLOR: "" } }).color, true);
    const piped = outputSettings({ color: true }, { ...terminal, stdoutIsTty: false });
    assert.equal(piped.interactive, false);
    assert.equal(piped.color, false);
  });

  it("never animates with --json or on a terminal without a width", () => {
    assert.equal(outputSettings({ color: true, json: true }, terminal).interactive, false);
    assert.equal(outputSettings({ color: true }, { ...terminal, stderrColumns: 0 }).interactive, false);
  });
});
