/**
 * The pipeline picture in a real terminal: eda runs in a pseudo-terminal
 * (Python's pty module) of a chosen width against the embedded emulator;
 * `eda status` draws the stack and `eda test` its live progress as the
 * picture, while a pipe still gets the table and the progress lines.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startProvingTarget, type ProvingTarget } from "../helpers/proving-target.js";
import { runInTerminal } from "../helpers/terminal.js";

interface PictureRun {
  raw: string;
  /** The output without control sequences, as lines. */
  lines: string[];
  exitCode?: number;
}

// CSI sequences (cursor moves, erase, colours, synchronized output) and OSC ones.
const CONTROL = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\r/g;

async function runInTerminalAt(target: ProvingTarget, args: string[], columns: number, env: NodeJS.ProcessEnv = {}): Promise<PictureRun> {
  const run = await runInTerminal([...args, "--endpoint-url", target.emulator.endpoint], {
    columns,
    env: { ...target.sandbox.env, TERM: "xterm-256color", LANG: "C.UTF-8", ...env },
  });
  return { raw: run.raw, lines: run.raw.replace(CONTROL, "").split("\n"), exitCode: run.exitCode };
}

function picture(run: PictureRun): string {
  return run.lines.join("\n");
}

describe("the pipeline picture", () => {
  let target: ProvingTarget;

  before(async () => {
    target = await startProvingTarget();
    await target.setUpStack("picture");
  });
  after(() => target.stop());

  it("eda status on an 80-column terminal draws bucket -> topic -> both queues -> both functions, within 80 columns", async () => {
    const run = await runInTerminalAt(target, ["status", "--stack", "picture"], 80);
    assert.equal(run.exitCode, 0, picture(run));
    const text = picture(run);
    assert.match(text, /^S3 bucket ─uploads\/─▶ SNS topic ─┬─▶ inventory queue ─+▶ λ inventory$/m);
    assert.match(text, /^✔ present +✔ present +│ +0\+0 queued · DLQ 0 +✔ Active$/m);
    assert.match(text, /^ +└─▶ audit queue ─+▶ λ audit$/m);
    assert.match(text, /✔ stack picture: all \d+ resources present and as planned/);
    assert.doesNotMatch(text, /RESOURCE +STATE/, "the table gives way to the picture");
    // The picture: between the blank lines under the heading and above the summary.
    const start = run.lines.indexOf("") + 1;
    const drawn = run.lines.slice(start, run.lines.indexOf("", start));
    assert.equal(drawn.length, 4, text);
    for (const line of drawn) assert.ok(line.length <= 80, `wider than the terminal: ${JSON.stringify(line)}`);
  });

  it("marks a missing resource on the picture and names it below", async () => {
    const { DeleteEventSourceMappingCommand, ListEventSourceMappingsCommand } = await import("@aws-sdk/client-lambda");
    const config = (await import("../../src/core/stack/config.js")).stackConfig({ stack: "picture", account: "000000000000", region: "us-east-1" });
    const { EventSourceMappings = [] } = await target.clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: config.consumers.audit.function }));
    for (const mapping of EventSourceMappings) await target.clients.lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID! }));
    try {
      const run = await runInTerminalAt(target, ["status", "--stack", "picture"], 80);
      assert.equal(run.exitCode, 1);
      const text = picture(run);
      assert.match(text, /^ +└─▶ audit queue ╌+✖╌▶ λ audit$/m, text);
      assert.match(text, /^✖ mapping:audit missing \(/m);
    } finally {
      const setup = await target.eda(["setup", "--stack", "picture"]);
      assert.equal(setup.code, 0, setup.stderr);
    }
  });

  it("without a UTF-8 locale the picture is drawn in ASCII", async () => {
    // LC_ALL wins over LANG (and over the LC_CTYPE Python's PEP 538 coercion puts in the environment of a C locale).
    const run = await runInTerminalAt(target, ["status", "--stack", "picture"], 60, { LANG: "en_US.UTF-8", LC_ALL: "C" });
    const text = picture(run);
    assert.match(text, /^S3 bucket --> SNS topic -\+-> inventory(?: queue)? -+> fn inventory$/m, text);
    assert.match(text, /^ +`-> audit(?: queue)? -+> fn audit$/m);
    assert.match(text, /^\+ stack picture: all \d+ resources present/m, "the summary's mark in ASCII too");
    assert.doesNotMatch(text, /[^\x00-\x7f]/, "nothing but ASCII");
  });

  it("eda test redraws the picture while the objects flow and leaves the last one on the terminal, once", async () => {
    const run = await runInTerminalAt(target, ["test", "--stack", "picture"], 80);
    assert.equal(run.exitCode, 0, picture(run));
    const text = picture(run);
    assert.match(text, /PASS: run \S+: 6 objects went through every hop/);
    // The last picture: every object uploaded and done by both consumers, hop p50s on the arrows.
    const last = text.lastIndexOf("6/6");
    assert.ok(last >= 0, text);
    const final = text.slice(text.lastIndexOf("S3 bucket", last));
    // How much is worded depends on the p50s' widths: "6/6 uploaded" or "6/6", "inventory queue" or "inventory", "6 done" or "6".
    assert.match(final, /^S3 bucket ─+\d[\d.]*m?s─▶ SNS topic ─┬─+\d[\d.]*m?s─▶ inventory(?: queue)? ─+\d[\d.]*m?s─▶ λ inventory$/m, final);
    assert.match(final, /^6\/6(?: uploaded)?(?: · \d[\d.]*m?s)? +│ +\d+\+\d+(?: queued)? · DLQ 0 +6(?: done)?(?: · \d[\d.]*m?s)?$/m);
    assert.match(final, /^ +└─+\d[\d.]*m?s─▶ audit(?: queue)? ─+\d[\d.]*m?s─▶ λ audit$/m);
    // Drawn in place: the live frames were written between synchronized-output marks, not as scrolling lines.
    assert.match(run.raw, /\u001b\[\?2026h/);
    assert.doesNotMatch(text, /uploaded \d+\/6 \| inventory:/, "no progress lines on a terminal");
    // The latency table follows the picture.
    assert.ok(text.indexOf("S3 event -> SNS", last) > last, "the latency table after the last picture");
  });

  it("a pipe still gets the table and the progress lines", async () => {
    const status = await target.eda(["status", "--stack", "picture"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^RESOURCE +STATE +NAME +DETAILS$/m);
    assert.doesNotMatch(status.stdout, /S3 bucket ─/);
    const test = await target.eda(["test", "--stack", "picture"]);
    assert.equal(test.code, 0, test.stderr);
    assert.match(test.stdout, /uploaded 6\/6 \| inventory: \d+ in queue, 6 results \| audit: \d+ in queue, 6 results/);
    assert.doesNotMatch(test.stdout, /S3 bucket ─/);
  });
});
