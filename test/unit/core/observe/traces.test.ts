import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTraceMessage, parseTraceMessage } from "../../../../src/core/observe/traces.js";
import type { TraceLine } from "../../../../src/function-shim/trace-format.js";

const trace: TraceLine = {
  v: 1,
  consumer: "thumbs",
  requestId: "req-1",
  start: 10,
  end: 20,
  batch: 1,
  part: 1,
  parts: 1,
  records: [{ id: "m-1", receive: 1, kind: "s3", keys: ['uploads/a "quoted" b.txt'], s3: 1, sns: 2, sent: 3, firstReceive: 4, outcome: "ok" }],
};
const shimLine = `EDATRACE ${JSON.stringify(trace)}`;

describe("reading trace lines back from CloudWatch Logs", () => {
  it("finds the line in the Text log format, in the JSON log format and as written", () => {
    const text = `2026-01-01T12:00:00.000Z\treq-1\tINFO\t${shimLine}\n`;
    const json = JSON.stringify({ timestamp: "2026-01-01T12:00:00.000Z", level: "INFO", requestId: "req-1", message: shimLine });
    for (const message of [text, json, shimLine]) assert.deepEqual(parseTraceMessage(message), trace, message);
  });

  it("any other line is not a trace, including one that only mentions the marker or carries another shape", () => {
    for (const message of [
      "2026-01-01T12:00:00.000Z\treq-1\tINFO\tprocessed uploads/a.txt",
      "EDATRACE is what eda's shim writes",
      `EDATRACE ${JSON.stringify({ ...trace, v: 2 })}`,
      `EDATRACE ${JSON.stringify({ ...trace, records: [{ id: "m" }] })}`,
      "EDATRACE {not json",
    ]) {
      assert.equal(parseTraceMessage(message), undefined, message);
      assert.equal(isTraceMessage(message), false);
    }
  });
});
