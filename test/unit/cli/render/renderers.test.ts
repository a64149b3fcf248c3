import assert from "node:assert/strict";
import { clearLine, cursorTo, moveCursor, type Direction } from "node:readline";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { JsonRenderer } from "../../../../src/cli/render/json-renderer.js";
import { PlainRenderer, SLOW_STEP_MS } from "../../../../src/cli/render/plain-renderer.js";
import type { Renderer } from "../../../../src/cli/render/renderer.js";
import { TtyRenderer } from "../../../../src/cli/render/tty-renderer.js";
import { formatDuration } from "../../../../src/cli/render/format.js";
import { RecordingSink, type EventSink } from "../../../../src/core/events.js";

/** A stream that remembers what was written; `isTTY`/`columns` make it look like a terminal. */
class CapturedStream extends Writable {
  text = "";
  constructor(readonly isTTY = false, readonly columns = 0) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  // What a tty.WriteStream offers the spinner for redrawing.
  cursorTo(x: number): boolean {
    return cursorTo(this, x);
  }
  moveCursor(dx: number, dy: number): boolean {
    return moveCursor(this, dx, dy);
  }
  clearLine(direction: Direction): boolean {
    return clearLine(this, direction);
  }
  get lines(): string[] {
    return this.text.split("\n").filter((line) => line !== "");
  }
}

/** What a setup-like command emits: two parallel steps, a retried wait, a repair, a failure, a skip. */
function emitPipelineRun(sink: EventSink): void {
  sink.emit({ type: "info", message: "stack demo in us-east-1" });
  sink.emit({ type: "step-start", id: "queue:inventory", kind: "queue", action: "create", message: "queue demo-inventory" });
  sink.emit({ type: "step-start", id: "role:inventory", kind: "role", action: "create", message: "role demo-inventory" });
  sink.emit({ type: "step-progress", id: "role:inventory", message: "waiting until Lambda can assume the role", attempt: 2 });
  sink.emit({ type: "step-end", id: "queue:inventory", kind: "queue", outcome: "updated", message: "queue demo-inventory", durationMs: 1234, changes: ["VisibilityTimeout 30 -> 180"] });
  sink.emit({ type: "warning", message: "the DLQ already holds 3 messages" });
  sink.emit({ type: "step-end", id: "role:inventory", kind: "role", outcome: "failed", message: "role demo-inventory", durationMs: 850 });
  sink.emit({ type: "step-end", id: "function:inventory", kind: "function", outcome: "skipped", message: "function demo-inventory", durationMs: 0 });
  sink.emit({ type: "data", topic: "hops", message: "inventory: 2/2 processed", data: { processed: 2 } });
}

function replay(renderer: Renderer): void {
  const recorded = new RecordingSink();
  emitPipelineRun(recorded);
  for (const event of recorded.events) renderer.emit(event);
}

const ANSI = /\u001b\[/;

describe("plain renderer (pipes)", () => {
  it("prints one line per finished step, other events as they come, warnings and errors on stderr", () => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const renderer = new PlainRenderer({ stdout, stderr }, { now: () => 0 });
    replay(renderer);
    renderer.print("endpoint http://127.0.0.1:4566");
    renderer.result("setup", { ok: false, summary: "1 of 3 steps failed" });
    renderer.close();

    assert.deepEqual(stdout.lines, [
      "stack demo in us-east-1",
      "✔ queue demo-inventory (1.2s)",
      "    VisibilityTimeout 30 -> 180",
      "✖ role demo-inventory (850ms)",
      "○ function demo-inventory (skipped) (0ms)",
      "inventory: 2/2 processed",
      "endpoint http://127.0.0.1:4566",
    ]);
    assert.deepEqual(stderr.lines, ["warning: the DLQ already holds 3 messages", "error: 1 of 3 steps failed"]);
    assert.doesNotMatch(stdout.text + stderr.text, ANSI);
  });

  it("with --verbose also prints each step's start and its waits and retries", () => {
    const stdout = new CapturedStream();
    const renderer = new PlainRenderer({ stdout, stderr: new CapturedStream() }, { verbose: true, now: () => 0 });
    replay(renderer);
    assert.deepEqual(stdout.lines.slice(0, 4), [
      "stack demo in us-east-1",
      "queue demo-inventory ...",
      "role demo-inventory ...",
      "  waiting until Lambda can assume the role (attempt 2)",
    ]);
  });

  it("shows the waits of a step that has taken longer than a few seconds", () => {
    const stdout = new CapturedStream();
    let now = 0;
    const renderer = new PlainRenderer({ stdout, stderr: new CapturedStream() }, { now: () => now });
    renderer.emit({ type: "step-start", id: "role", kind: "role", action: "create", message: "role demo-inventory" });
    renderer.emit({ type: "step-progress", id: "role", message: "waiting until Lambda can assume the role", attempt: 1 });
    now = SLOW_STEP_MS;
    renderer.emit({ type: "step-progress", id: "role", message: "waiting until Lambda can assume the role", attempt: 2 });
    assert.deepEqual(stdout.lines, ["  waiting until Lambda can assume the role (attempt 2)"]);
  });

  it("prints a successful result on stdout and a failure as one error line", () => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const renderer = new PlainRenderer({ stdout, stderr });
    renderer.result("status", { ok: true, summary: "all 20 resources present" });
    renderer.failure("status", { message: "endpoint http://x:1 does not answer", name: "UsageError", exitCode: 2 });
    assert.deepEqual(stdout.lines, ["✔ all 20 resources present"]);
    assert.deepEqual(stderr.lines, ["error: endpoint http://x:1 does not answer"]);
  });
});

describe("JSON renderer (--json)", () => {
  it("writes only JSON objects on stdout: the events as emitted, output lines, then the result", () => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const renderer = new JsonRenderer({ stdout, stderr });
    const recorded = new RecordingSink();
    emitPipelineRun(recorded);
    replay(renderer);
    renderer.print("a table row");
    renderer.result("setup", { ok: true, summary: "stack demo is ready", data: { resources: 20, type: "not-a-result", ok: false } });

    const lines = stdout.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(lines.slice(0, recorded.events.length), recorded.events);
    assert.deepEqual(lines.at(-2), { type: "output", message: "a table row" });
    // The command's data cannot overwrite the result's own fields.
    assert.deepEqual(lines.at(-1), { type: "result", command: "setup", ok: true, summary: "stack demo is ready", resources: 20 });
    assert.equal(Object.keys(lines.at(-1)!)[0], "type");
    assert.equal(stderr.text, "", "warnings stay in the JSON stream");
  });

  it("ends a failure with a result line carrying the error, and says it on stderr too", () => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const renderer = new JsonRenderer({ stdout, stderr });
    renderer.failure("teardown", { message: "cannot ask without a terminal: pass --yes", name: "UsageError", exitCode: 2 });
    assert.deepEqual(JSON.parse(stdout.text), {
      type: "result",
      command: "teardown",
      ok: false,
      summary: "cannot ask without a terminal: pass --yes",
      error: { name: "UsageError", message: "cannot ask without a terminal: pass --yes", exitCode: 2 },
    });
    assert.equal(stderr.text, "error: cannot ask without a terminal: pass --yes\n");
  });
});

describe("terminal renderer", () => {
  function runOnTerminal(color: boolean): { stdout: CapturedStream; stderr: CapturedStream } {
    const stdout = new CapturedStream(true, 100);
    const stderr = new CapturedStream(true, 100);
    const renderer = new TtyRenderer({ stdout, stderr }, { color });
    replay(renderer);
    renderer.result("setup", { ok: true, summary: "done" });
    renderer.close();
    return { stdout, stderr };
  }

  it("keeps a ✔/✖ line with the duration for every step that ended", () => {
    const { stdout } = runOnTerminal(false);
    assert.deepEqual(stdout.lines, [
      "stack demo in us-east-1",
      "✔ queue demo-inventory (1.2s)",
      "    VisibilityTimeout 30 -> 180",
      "✖ role demo-inventory (850ms)",
      "○ function demo-inventory (skipped) (0ms)",
      "inventory: 2/2 processed",
      "✔ done",
    ]);
  });

  it("colours the marks only when colour is on", () => {
    assert.doesNotMatch(runOnTerminal(false).stdout.text, ANSI);
    const coloured = runOnTerminal(true).stdout.text;
    assert.match(coloured, /\u001b\[32m✔/);
    assert.match(coloured, /\u001b\[31m✖/);
  });

  it("shows running steps and their progress in the spinner on stderr", () => {
    const { stderr } = runOnTerminal(false);
    assert.match(stderr.text, /role demo-inventory - waiting until Lambda can assume the role \(attempt 2\)/);
    assert.match(stderr.text, /warning: the DLQ already holds 3 messages/);
  });
});

describe("durations", () => {
  it("read naturally at every scale", () => {
    assert.equal(formatDuration(0), "0ms");
    assert.equal(formatDuration(999), "999ms");
    assert.equal(formatDuration(1234), "1.2s");
    assert.equal(formatDuration(75_000), "1m15s");
  });
});
