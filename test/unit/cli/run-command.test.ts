import assert from "node:assert/strict";
import { once } from "node:events";
import { PassThrough, Writable } from "node:stream";
import { describe, it } from "node:test";
import type { CommandSession } from "../../../src/cli/command-session.js";
import { runCliCommand, type CommandEnvironment } from "../../../src/cli/run-command.js";
import type { CommandResult } from "../../../src/cli/render/renderer.js";
import { OperationError, UsageError } from "../../../src/core/errors.js";

class CapturedStream extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  body: (session: CommandSession) => Promise<CommandResult>,
  flags: { json?: boolean; verbose?: boolean; yes?: boolean } = {},
  stdinIsTty = false,
): Promise<Run> {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const stdin = Object.assign(new PassThrough(), { isTTY: stdinIsTty });
  const environment: CommandEnvironment = { stdin, stdout, stderr, env: {} };
  const code = await runCliCommand({ command: "demo", stack: "eda-demo", color: true, ...flags }, body, environment);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** An error shaped like the ones the AWS SDK throws for an AWS answer. */
function awsError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

describe("runCliCommand exit codes and error lines", () => {
  it("exits 0 for an ok result and 1 for a failed one", async () => {
    assert.equal((await run(async () => ({ ok: true, summary: "fine" }))).code, 0);
    const failed = await run(async () => ({ ok: false, summary: "2 resources remain" }));
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, "error: 2 resources remain\n");
  });

  it("maps UsageError to 2 and OperationError to 1, one line each", async () => {
    const usage = await run(async () => {
      throw new UsageError("invalid stack name");
    });
    assert.deepEqual(usage, { code: 2, stdout: "", stderr: "error: invalid stack name\n" });
    const operation = await run(async () => {
      throw new OperationError("function never became Active");
    });
    assert.deepEqual(operation, { code: 1, stdout: "", stderr: "error: function never became Active\n" });
  });

  it("turns AWS errors and unexpected errors into one line without a stack trace", async () => {
    const denied = await run(async () => {
      throw awsError("AccessDenied", "User is not authorized to perform: sqs:CreateQueue", 403);
    });
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr, "error: AWS refused the request: AccessDenied: User is not authorized to perform: sqs:CreateQueue (HTTP 403)\n");

    const crash = await run(async () => {
      throw new TypeError("cannot read x\nof undefined");
    });
    assert.equal(crash.code, 1);
    assert.equal(crash.stderr, "error: cannot read x of undefined\n");
    assert.doesNotMatch(crash.stderr, /\s+at /);
  });

  it("adds the stack trace, and its causes, with --verbose", async () => {
    const verbose = await run(
      async () => {
        throw new OperationError("setup failed", { cause: new Error("socket hang up") });
      },
      { verbose: true },
    );
    const [first, ...rest] = verbose.stderr.trimEnd().split("\n");
    assert.equal(first, "error: setup failed");
    assert.match(rest.join("\n"), /\n\s+at .*run-command\.test\.ts/);
    assert.match(rest.join("\n"), /caused by: Error: socket hang up/);
  });

  it("with --json ends stdout with a result line, failures included", async () => {
    const ok = await run(async (session) => {
      session.io.print("row");
      return { ok: true, summary: "done", data: { count: 3 } };
    }, { json: true });
    assert.deepEqual(ok.stdout.trimEnd().split("\n").map((line) => JSON.parse(line)), [
      { type: "output", message: "row" },
      { type: "result", command: "demo", ok: true, summary: "done", count: 3 },
    ]);
    const failed = await run(async () => {
      throw new UsageError("bad region");
    }, { json: true });
    assert.equal(failed.code, 2);
    assert.deepEqual(JSON.parse(failed.stdout), {
      type: "result",
      command: "demo",
      ok: false,
      summary: "bad region",
      error: { name: "UsageError", message: "bad region", exitCode: 2 },
    });
  });
});

describe("confirmation prompts", () => {
  const askToDelete = async (session: CommandSession): Promise<CommandResult> => {
    const yes = await session.io.confirm("delete stack eda-demo?");
    return { ok: true, summary: yes ? "deleted" : "kept" };
  };

  it("answer yes at once with --yes", async () => {
    const answered = await run(askToDelete, { yes: true });
    assert.equal(answered.code, 0);
    assert.match(answered.stdout, /deleted/);
  });

  it("without a terminal and without --yes, fail with exit 2 telling to pass --yes", async () => {
    const refused = await run(askToDelete);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr, 'error: cannot ask "delete stack eda-demo?" without a terminal: pass --yes to confirm\n');
  });

  it("on a terminal, ask on stderr and read the answer", async () => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const finished = runCliCommand({ command: "demo", stack: "eda-demo", color: true }, askToDelete, { stdin, stdout, stderr, env: {} });
    stdin.write("n\n");
    assert.equal(await finished, 0);
    assert.match(stderr.text, /delete stack eda-demo\? \[y\/N\] /);
    assert.match(stdout.text, /kept/);
  });
});

describe("Ctrl-C", () => {
  it("aborts the session's signal and exits 130 when the command stops because of it", async () => {
    const listenersBefore = process.listenerCount("SIGINT");
    const interrupted = await run(async (session) => {
      setImmediate(() => process.emit("SIGINT", "SIGINT"));
      await once(session.signal, "abort");
      throw session.signal.reason;
    });
    assert.equal(interrupted.code, 130);
    assert.match(interrupted.stderr, /warning: interrupted: stopping cleanly/);
    assert.match(interrupted.stderr, /error: interrupted\n$/);
    assert.equal(process.listenerCount("SIGINT"), listenersBefore, "handlers are removed once the command ends");
  });
});
