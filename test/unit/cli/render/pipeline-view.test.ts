import assert from "node:assert/strict";
import { clearLine, cursorTo, moveCursor, type Direction } from "node:readline";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { statusPicture } from "../../../../src/cli/render/pipeline-view.js";
import { TtyRenderer } from "../../../../src/cli/render/tty-renderer.js";
import type { TestProgressData } from "../../../../src/core/events.js";
import { builtinProgress, stackResources, withStates } from "./pipeline-fixtures.js";

/** A terminal of the given width that remembers what was written to it. */
class Terminal extends Writable {
  text = "";
  readonly isTTY = true;
  readonly rows = 40;
  constructor(readonly columns: number) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
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
    return this.text.split("\n");
  }
}

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;

function progressEvent(data: TestProgressData) {
  return { type: "data" as const, topic: "progress", message: `uploaded ${data.uploaded}/${data.planned} | ...`, data: { ...data } };
}

describe("eda test's live picture on a terminal", () => {
  it("draws the progress under the spinner and, when the command prints, leaves the last picture on stdout once", () => {
    const stdout = new Terminal(80);
    const stderr = new Terminal(80);
    const renderer = new TtyRenderer({ stdout, stderr }, { color: false, unicode: true });
    renderer.emit(progressEvent({ ...builtinProgress(), uploaded: 3, consumers: { inventory: { results: 0, deadLettered: 0 }, audit: { results: 0, deadLettered: 0 } } }));
    renderer.emit(progressEvent(builtinProgress()));
    assert.equal(stdout.text, "", "nothing permanent while the picture is live");
    assert.match(stderr.text.replace(ANSI, ""), /testing run 20261202T120000Z-abc123 \(3\.2s\)\nS3 bucket ─+12ms─▶ SNS topic/);
    renderer.print("hop  inventory p50 / p90 / p99");
    renderer.result("test", { ok: true, summary: "PASS: run 20261202T120000Z-abc123" });
    renderer.close();
    assert.deepEqual(stdout.lines, [
      "",
      "S3 bucket ────12ms─▶ SNS topic ─┬─8ms─▶ inventory queue ────40ms─▶ λ inventory",
      "6/6 uploaded                    │       1+1 queued · DLQ 0         4 done · 15ms",
      "                                └─9ms─▶ audit queue ────────1.2s─▶ λ audit",
      "                                        0+2 queued · DLQ 1         3 done · 12ms",
      "",
      "hop  inventory p50 / p90 / p99",
      "✔ PASS: run 20261202T120000Z-abc123",
      "",
    ]);
    assert.doesNotMatch(stdout.text, /uploaded \d\/6 \|/, "no progress lines");
  });

  it("a failure ends the live picture the same way", () => {
    const stdout = new Terminal(80);
    const stderr = new Terminal(80);
    const renderer = new TtyRenderer({ stdout, stderr }, { color: false, unicode: false });
    renderer.emit(progressEvent(builtinProgress()));
    renderer.failure("test", { message: "interrupted", name: "Interrupted", exitCode: 130 });
    renderer.close();
    assert.match(stdout.text, /^\nS3 bucket ----12ms-> SNS topic -\+-8ms-> inventory queue/);
    assert.equal(stdout.text.match(/S3 bucket/g)?.length, 1, "the picture once");
  });

  it("on a terminal narrower than 60 columns, the progress lines as before", () => {
    const stdout = new Terminal(50);
    const stderr = new Terminal(50);
    const renderer = new TtyRenderer({ stdout, stderr }, { color: false, unicode: true });
    renderer.emit(progressEvent(builtinProgress()));
    renderer.close();
    assert.deepEqual(stdout.lines, ["uploaded 6/6 | ...", ""]);
  });

  it("colours only what means something: a DLQ expected to fill in yellow", () => {
    const stdout = new Terminal(80);
    const renderer = new TtyRenderer({ stdout, stderr: new Terminal(80) }, { color: true, unicode: true });
    renderer.emit(progressEvent(builtinProgress()));
    renderer.close();
    const coloured = [...stdout.text.matchAll(/\u001b\[(\d+)m([^\u001b]*)\u001b\[\d+m/g)].map((match) => `${match[1]}:${match[2]}`);
    assert.deepEqual(coloured, ["33:DLQ 1"]);
  });
});

describe("eda status's picture", () => {
  it("the picture, then a line for each resource not as planned", () => {
    const resources = withStates(stackResources(["inventory", "audit"]), { "mapping:audit": "missing", "role:inventory": "drifted" });
    assert.deepEqual(statusPicture(resources, { width: 80, unicode: true, prefix: "uploads/" }), [
      "S3 bucket ─uploads/─▶ SNS topic ─┬─▶ inventory queue ──────▶ λ inventory",
      "✔ present             ✔ present  │   3+1 queued · DLQ 0      ~ role drifted",
      "                                 └─▶ audit queue ╌╌╌╌╌╌╌╌✖╌▶ λ audit",
      "                                     3+1 queued · DLQ 0      ✔ Active",
      "",
      "~ role:inventory drifted (demo-role-inventory): something differs",
      "✖ mapping:audit missing (demo-mapping-audit)",
    ]);
  });

  it("no picture on a terminal narrower than 60 columns", () => {
    assert.equal(statusPicture(stackResources(["inventory", "audit"]), { width: 59, unicode: true }), undefined);
  });
});
