import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ASCII_GLYPHS, supportsUnicode, UNICODE_GLYPHS, type Glyphs } from "../../../../src/cli/render/glyphs.js";
import { layoutPipeline, MIN_WIDTH, plainText, shortMs, type Tone } from "../../../../src/cli/render/pipeline-layout.js";
import { statusModel, testModel, type PipelineModel } from "../../../../src/cli/render/pipeline-model.js";
import { builtinProgress, stackResources, withStates } from "./pipeline-fixtures.js";

const models = {
  pair: () => statusModel(stackResources(["inventory", "audit"], { audit: 2 }), "uploads/"),
  one: () => statusModel(stackResources(["thumbnails"]), "uploads/"),
  five: () => statusModel(stackResources(["thumbnails", "search-index", "audit", "billing", "notify"]), "uploads/"),
  broken: () =>
    statusModel(
      withStates(stackResources(["inventory", "audit"]), { "role:inventory": "drifted", "mapping:audit": "missing", "subscription:inventory": "missing", "queue:audit": "missing" }),
      "uploads/",
    ),
  ten: () => statusModel(stackResources(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"], { c9: 4 }), "uploads/"),
  test: () => testModel(builtinProgress()),
};

function draw(model: PipelineModel, width: number, glyphs: Glyphs = UNICODE_GLYPHS): string[] | undefined {
  return layoutPipeline(model, { width, glyphs })?.map(plainText);
}

describe("pipeline layout (eda status)", () => {
  it("the built-in pair at 80 columns: the in-flight figures shorten to fit", () => {
    assert.deepEqual(draw(models.pair(), 80, UNICODE_GLYPHS), [
      "S3 bucket ─uploads/─▶ SNS topic ─┬─▶ inventory queue ─────▶ λ inventory",
      "✔ present             ✔ present  │   3+1 queued · DLQ 0     ✔ Active",
      "                                 └─▶ audit queue ─────────▶ λ audit",
      "                                     3+1 queued · DLQ 2     ✔ Active",
    ]);
  });

  it("the built-in pair at 60 columns: the arrows drop their labels", () => {
    assert.deepEqual(draw(models.pair(), 60, UNICODE_GLYPHS), [
      "S3 bucket ──▶ SNS topic ─┬─▶ inventory queue ──▶ λ inventory",
      "✔ present     ✔ present  │   3+1 · DLQ 0         ✔ Active",
      "                         └─▶ audit queue ──────▶ λ audit",
      "                             3+1 · DLQ 2         ✔ Active",
    ]);
  });

  it("the built-in pair on a wide terminal: every figure in full, no wider than it needs", () => {
    assert.deepEqual(draw(models.pair(), 120, UNICODE_GLYPHS), [
      "S3 bucket ─uploads/─▶ SNS topic ─┬─▶ inventory queue ─────────────────▶ λ inventory",
      "✔ present             ✔ present  │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 └─▶ audit queue ─────────────────────▶ λ audit",
      "                                     3 queued · 1 in flight · DLQ 2     ✔ Active",
    ]);
  });

  it("the built-in pair in ASCII", () => {
    assert.deepEqual(draw(models.pair(), 80, ASCII_GLYPHS), [
      "S3 bucket -uploads/-> SNS topic -+-> inventory queue -----> fn inventory",
      "+ present             + present  |   3+1 queued - DLQ 0     + Active",
      "                                 `-> audit queue ---------> fn audit",
      "                                     3+1 queued - DLQ 2     + Active",
    ]);
  });

  it("one consumer at 80 columns: no fork", () => {
    assert.deepEqual(draw(models.one(), 80, UNICODE_GLYPHS), [
      "S3 bucket ─uploads/─▶ SNS topic ───▶ thumbnails queue ────▶ λ thumbnails",
      "✔ present             ✔ present      3+1 queued · DLQ 0     ✔ Active",
    ]);
  });

  it("one consumer at 60 columns", () => {
    assert.deepEqual(draw(models.one(), 60, UNICODE_GLYPHS), [
      "S3 bucket ──▶ SNS topic ───▶ thumbnails ───▶ λ thumbnails",
      "✔ present     ✔ present      3+1 · DLQ 0     ✔ Active",
    ]);
  });

  it("five consumers at 80 columns: the fan-out lists them", () => {
    assert.deepEqual(draw(models.five(), 80, UNICODE_GLYPHS), [
      "S3 bucket ─uploads/─▶ SNS topic ─┬─▶ thumbnails queue ────▶ λ thumbnails",
      "✔ present             ✔ present  │   3+1 queued · DLQ 0     ✔ Active",
      "                                 ├─▶ search-index queue ──▶ λ search-index",
      "                                 │   3+1 queued · DLQ 0     ✔ Active",
      "                                 ├─▶ audit queue ─────────▶ λ audit",
      "                                 │   3+1 queued · DLQ 0     ✔ Active",
      "                                 ├─▶ billing queue ───────▶ λ billing",
      "                                 │   3+1 queued · DLQ 0     ✔ Active",
      "                                 └─▶ notify queue ────────▶ λ notify",
      "                                     3+1 queued · DLQ 0     ✔ Active",
    ]);
  });

  it("five consumers at 60 columns", () => {
    assert.deepEqual(draw(models.five(), 60, UNICODE_GLYPHS), [
      "S3 bucket ──▶ SNS topic ─┬─▶ thumbnails ────▶ λ thumbnails",
      "✔ present     ✔ present  │   3+1 · DLQ 0      ✔ Active",
      "                         ├─▶ search-index ──▶ λ search-index",
      "                         │   3+1 · DLQ 0      ✔ Active",
      "                         ├─▶ audit ─────────▶ λ audit",
      "                         │   3+1 · DLQ 0      ✔ Active",
      "                         ├─▶ billing ───────▶ λ billing",
      "                         │   3+1 · DLQ 0      ✔ Active",
      "                         └─▶ notify ────────▶ λ notify",
      "                             3+1 · DLQ 0      ✔ Active",
    ]);
  });

  it("missing and drifted parts: broken links dashed with their mark, parts with theirs", () => {
    assert.deepEqual(draw(models.broken(), 80, UNICODE_GLYPHS), [
      "S3 bucket ─uploads/─▶ SNS topic ─┬╌✖╌▶ inventory queue ──────▶ λ inventory",
      "✔ present             ✔ present  │     3+1 queued · DLQ 0      ~ role drifted",
      "                                 └───▶ audit queue ╌╌╌╌╌╌╌╌✖╌▶ λ audit",
      "                                       ✖ missing · DLQ 0       ✔ Active",
    ]);
  });

  it("ten consumers: seven lanes and one for the other three", () => {
    assert.deepEqual(draw(models.ten(), 80, UNICODE_GLYPHS), [
      "S3 bucket ─uploads/─▶ SNS topic ─┬─▶ c1 queue ────────────────────────▶ λ c1",
      "✔ present             ✔ present  │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 ├─▶ c2 queue ────────────────────────▶ λ c2",
      "                                 │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 ├─▶ c3 queue ────────────────────────▶ λ c3",
      "                                 │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 ├─▶ c4 queue ────────────────────────▶ λ c4",
      "                                 │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 ├─▶ c5 queue ────────────────────────▶ λ c5",
      "                                 │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 ├─▶ c6 queue ────────────────────────▶ λ c6",
      "                                 │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 ├─▶ c7 queue ────────────────────────▶ λ c7",
      "                                 │   3 queued · 1 in flight · DLQ 0     ✔ Active",
      "                                 └─▶ 3 more queues ───────────────────▶ λ 3 more",
      "                                     9 queued · 3 in flight · DLQ 4     ✔ Active",
    ]);
  });

});

describe("pipeline layout (eda test)", () => {
  it("eda test at 80 columns: hop p50s on the arrows, uploads and results", () => {
    assert.deepEqual(draw(models.test(), 80, UNICODE_GLYPHS), [
      "S3 bucket ────12ms─▶ SNS topic ─┬─8ms─▶ inventory queue ────40ms─▶ λ inventory",
      "6/6 uploaded                    │       1+1 queued · DLQ 0         4 done · 15ms",
      "                                └─9ms─▶ audit queue ────────1.2s─▶ λ audit",
      "                                        0+2 queued · DLQ 1         3 done · 12ms",
    ]);
  });

  it("eda test at 60 columns: the arrows drop their p50s, the figures shorten", () => {
    assert.deepEqual(draw(models.test(), 60, UNICODE_GLYPHS), [
      "S3 bucket ─────▶ SNS topic ─┬─▶ inventory ────▶ λ inventory",
      "6/6 uploaded                │   1+1 · DLQ 0     4 done",
      "                            └─▶ audit ────────▶ λ audit",
      "                                0+2 · DLQ 1     3 done",
    ]);
  });

  it("eda test at 100 columns: the bucket's and the functions' own p50s too", () => {
    assert.deepEqual(draw(models.test(), 100, UNICODE_GLYPHS), [
      "S3 bucket ───────────12ms─▶ SNS topic ─┬─8ms─▶ inventory queue ────────────────40ms─▶ λ inventory",
      "6/6 uploaded · 31ms                    │       1 queued · 1 in flight · DLQ 0         4 done · 15ms",
      "                                       └─9ms─▶ audit queue ────────────────────1.2s─▶ λ audit",
      "                                               0 queued · 2 in flight · DLQ 1         3 done · 12ms",
    ]);
  });

  it("eda test in ASCII", () => {
    assert.deepEqual(draw(models.test(), 80, ASCII_GLYPHS), [
      "S3 bucket ----12ms-> SNS topic -+-8ms-> inventory queue ----40ms-> fn inventory",
      "6/6 uploaded                    |       1+1 queued - DLQ 0         4 done - 15ms",
      "                                `-9ms-> audit queue --------1.2s-> fn audit",
      "                                        0+2 queued - DLQ 1         3 done - 12ms",
    ]);
  });

});

describe("pipeline layout at any width", () => {
  it("no picture below 60 columns: the caller prints its table", () => {
    assert.equal(draw(models.pair(), MIN_WIDTH - 1), undefined);
    assert.notEqual(draw(models.pair(), MIN_WIDTH), undefined);
  });

  it("no line is wider than the width, from 60 to 160 columns, in both glyph sets", () => {
    for (const [name, model] of Object.entries(models)) {
      for (let width = MIN_WIDTH; width <= 160; width++) {
        for (const glyphs of [UNICODE_GLYPHS, ASCII_GLYPHS]) {
          const lines = draw(model(), width, glyphs);
          assert.ok(lines, `${name} at ${width} columns has a picture`);
          for (const line of lines) assert.ok(line.length <= width, `${name} at ${width}: ${JSON.stringify(line)}`);
        }
      }
    }
  });

  it("states shrink to their marks only when cutting names is not enough", () => {
    assert.deepEqual(draw(models.broken(), 60), [
      "S3 bucket ──▶ SNS topic ─┬╌✖╌▶ inventory ─────▶ λ inventory",
      "✔             ✔          │     3+1 · DLQ 0      ~",
      "                         └───▶ audit ╌╌╌╌╌╌╌✖╌▶ λ audit",
      "                               ✖ · DLQ 0        ✔",
    ]);
  });

  it("names are cut with an ellipsis only when nothing else gives way", () => {
    const model = statusModel(stackResources(["a-consumer-with-a-very-long-name", "audit"]), "uploads/");
    assert.deepEqual(draw(model, 60), [
      "S3 bucket ──▶ SNS topic ─┬─▶ a-consumer-wi… ──▶ λ a-consume…",
      "✔ present     ✔ present  │   3+1 · DLQ 0        ✔ Active",
      "                         └─▶ audit ───────────▶ λ audit",
      "                             3+1 · DLQ 0        ✔ Active",
    ]);
  });
});

describe("pipeline layout tones (where colour carries meaning)", () => {
  const toned = (model: PipelineModel, width = 80) =>
    layoutPipeline(model, { width, glyphs: UNICODE_GLYPHS })!.flatMap((line) => line.filter((segment) => segment.tone).map((segment) => `${segment.tone}:${segment.text}`));

  it("a healthy stack: only the marks are green, a DLQ holding messages is red", () => {
    const tones = toned(models.pair());
    assert.deepEqual([...new Set(tones)].sort(), ["bad:DLQ 2", "dim:uploads/", "ok:✔"]);
  });

  it("missing in red, drifted in yellow, on links and parts", () => {
    const tones = toned(models.broken());
    for (const expected of ["bad:╌", "bad:✖", "warn:~ role drifted", "bad:✖ missing"]) assert.ok(tones.includes(expected), `${expected} in ${tones.join(" ")}`);
  });

  it("eda test with --poison: the dead letters expected in yellow, no marks", () => {
    assert.deepEqual(toned(models.test()), ["warn:DLQ 1"]);
    const unexpected = testModel({ ...builtinProgress(), poison: 0 });
    assert.deepEqual(toned(unexpected), ["bad:DLQ 1"]);
  });
});

describe("glyphs and times", () => {
  it("Unicode unless TERM=dumb, the Linux console or a locale of another encoding", () => {
    assert.equal(supportsUnicode({ TERM: "xterm-256color", LANG: "en_US.UTF-8" }, "linux"), true);
    assert.equal(supportsUnicode({ TERM: "xterm-256color" }, "darwin"), true, "no locale at all");
    assert.equal(supportsUnicode({ TERM: "dumb", LANG: "en_US.UTF-8" }, "linux"), false);
    assert.equal(supportsUnicode({ TERM: "linux", LANG: "en_US.UTF-8" }, "linux"), false);
    assert.equal(supportsUnicode({ TERM: "xterm", LANG: "C" }, "linux"), false);
    assert.equal(supportsUnicode({ TERM: "xterm", LANG: "de_DE.ISO-8859-1" }, "linux"), false);
    assert.equal(supportsUnicode({ TERM: "xterm", LANG: "en_US.UTF-8", LC_ALL: "C" }, "linux"), false, "LC_ALL wins");
    assert.equal(supportsUnicode({ TERM: "xterm", LANG: "C", LC_CTYPE: "C.utf8" }, "linux"), true, "LC_CTYPE wins over LANG");
    assert.equal(supportsUnicode({}, "win32"), false);
    assert.equal(supportsUnicode({ WT_SESSION: "1" }, "win32"), true);
  });

  it("hop times in at most five characters", () => {
    assert.deepEqual(
      [8, 950, 999.6, 1234, 9949, 9950, 12_345, 59_499, 59_500, 125_000, 900_000].map(shortMs),
      ["8ms", "950ms", "1.0s", "1.2s", "9.9s", "10s", "12s", "59s", "1m00s", "2m05s", "15m"],
    );
  });
});
