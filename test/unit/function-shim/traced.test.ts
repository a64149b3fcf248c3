import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { traced, type UserHandler } from "../../../src/function-shim/traced.js";
import { MAX_TRACE_JSON_BYTES, TRACE_MARKER, type TraceLine } from "../../../src/function-shim/trace-format.js";
import { encodeS3EventKey, s3EventJson, s3EventRecord, s3TestEventJson, snsEnvelope, sqsEvent, sqsRecord } from "../../../bench/lib/workloads/lambda-events.js";

function capture(): { lines: string[]; traces(): TraceLine[]; log(line: string): void } {
  const lines: string[] = [];
  return {
    lines,
    log: (line) => lines.push(line),
    traces: () =>
      lines.map((line) => {
        assert.ok(line.startsWith(`${TRACE_MARKER} {`), line);
        return JSON.parse(line.slice(TRACE_MARKER.length + 1)) as TraceLine;
      }),
  };
}

function objectRecord(key: string, options: { messageId?: string; eventTime?: string; sns?: string } = {}) {
  const body = snsEnvelope(s3EventJson(s3EventRecord({ encodedKey: encodeS3EventKey(key), ...(options.eventTime ? { eventTime: options.eventTime } : {}) })), options.sns);
  return sqsRecord(body, {
    ...(options.messageId ? { messageId: options.messageId } : {}),
    receiveCount: 2,
    sentTimestamp: 1767268801000,
    firstReceiveTimestamp: 1767268801050,
  });
}

const context = { awsRequestId: "req-1", functionName: "eda-thumbs" };

function clock(...times: number[]): () => number {
  return () => times.shift() ?? assert.fail("clock read too often");
}

describe("tracing shim", () => {
  it("records each record's decoded keys, hop timestamps and outcome in one marked line, and returns the handler's result unchanged", async () => {
    const out = capture();
    const result = { batchItemFailures: [{ itemIdentifier: "m-2" }] };
    const seen: unknown[] = [];
    const handler = traced(
      async (event, ctx) => {
        seen.push(event, ctx);
        return result;
      },
      { consumer: "thumbs", log: out.log, now: clock(1000, 1250) },
    );
    const event = sqsEvent(
      objectRecord("uploads/red flower+1 café.txt", { messageId: "m-1", eventTime: "2026-01-01T12:00:00.123Z", sns: "2026-01-01T12:00:00.901Z" }),
      objectRecord("uploads/b.json", { messageId: "m-2" }),
    );
    const returned = await handler(event, context);
    assert.equal(returned, result, "the very object the handler returned");
    assert.equal(seen[0], event);
    assert.equal(seen[1], context);
    const [line, ...rest] = out.traces();
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { ...line, records: undefined },
      { v: 1, consumer: "thumbs", requestId: "req-1", start: 1000, end: 1250, batch: 2, part: 1, parts: 1, records: undefined },
    );
    assert.deepEqual(line!.records[0], {
      id: "m-1",
      receive: 2,
      kind: "s3",
      keys: ["uploads/red flower+1 café.txt"],
      s3: Date.parse("2026-01-01T12:00:00.123Z"),
      sns: Date.parse("2026-01-01T12:00:00.901Z"),
      sent: 1767268801000,
      firstReceive: 1767268801050,
      outcome: "ok",
    });
    assert.equal(line!.records[1]!.outcome, "reported");
  });

  it("a handler that throws: every record failed with the error's type and message, and the same error rethrown", async () => {
    const out = capture();
    class BadKeyError extends Error {}
    const thrown = new BadKeyError("refusing uploads/bad-1.txt");
    const handler = traced(
      async () => {
        throw thrown;
      },
      { consumer: "thumbs", log: out.log, now: clock(5, 9) },
    );
    await assert.rejects(handler(sqsEvent(objectRecord("uploads/bad-1.txt"), objectRecord("uploads/ok.txt")), context), (error) => error === thrown);
    const [line] = out.traces();
    assert.deepEqual(line!.error, { type: "BadKeyError", message: "refusing uploads/bad-1.txt" });
    assert.deepEqual(
      line!.records.map((record) => [record.keys[0], record.outcome]),
      [
        ["uploads/bad-1.txt", "failed"],
        ["uploads/ok.txt", "failed"],
      ],
    );
  });

  it("SDK errors are named by their error code; non-errors by their type", async () => {
    const out = capture();
    const accessDenied = Object.assign(new Error("User is not authorized to perform: s3:PutObject"), { name: "AccessDenied" });
    await assert.rejects(traced(() => Promise.reject(accessDenied), { consumer: "c", log: out.log })(sqsEvent(objectRecord("uploads/a")), context));
    await assert.rejects(traced(() => Promise.reject("plain text"), { consumer: "c", log: out.log })(sqsEvent(objectRecord("uploads/a")), context));
    assert.deepEqual(
      out.traces().map((line) => line.error),
      [
        { type: "AccessDenied", message: "User is not authorized to perform: s3:PutObject" },
        { type: "string", message: "plain text" },
      ],
    );
  });

  it("the S3 test event, plain messages and unreadable bodies are traced with their kind and no keys", async () => {
    const out = capture();
    const handler = traced(async () => undefined, { consumer: "c", log: out.log });
    await handler(sqsEvent(sqsRecord(snsEnvelope(s3TestEventJson())), sqsRecord('{"id":"x","message":"hi"}'), sqsRecord("not json")), context);
    const [line] = out.traces();
    assert.deepEqual(
      line!.records.map((record) => [record.kind, record.keys, record.s3, record.outcome]),
      [
        ["s3-test-event", [], null, "ok"],
        ["message", [], null, "ok"],
        ["message", [], null, "ok"],
      ],
    );
    assert.notEqual(line!.records[0]!.sns, null, "the test event came through SNS");
    assert.equal(line!.records[1]!.sns, null, "sent straight to the queue");
  });

  it("a response Lambda cannot read as a partial batch response reports the whole batch", async () => {
    for (const response of [{ batchItemFailures: [{ itemIdentifier: "not-in-batch" }] }, { batchItemFailures: [{}] }, "text", { batchItemFailures: "m-1" }]) {
      const out = capture();
      await traced(async () => response, { consumer: "c", log: out.log })(sqsEvent(objectRecord("uploads/a", { messageId: "m-1" })), context);
      assert.equal(out.traces()[0]!.records[0]!.outcome, "reported", JSON.stringify(response));
    }
    for (const response of [undefined, null, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      const out = capture();
      await traced(async () => response, { consumer: "c", log: out.log })(sqsEvent(objectRecord("uploads/a", { messageId: "m-1" })), context);
      assert.equal(out.traces()[0]!.records[0]!.outcome, "ok", JSON.stringify(response));
    }
  });

  it("callback handlers are called with a callback; a synchronous handler's return value is ignored as Lambda does", async () => {
    const out = capture();
    const callbackHandler: UserHandler = (_event, _context, callback) => {
      setImmediate(() => callback(null, { batchItemFailures: [{ itemIdentifier: "m-1" }] }));
    };
    const event = sqsEvent(objectRecord("uploads/a", { messageId: "m-1" }));
    assert.deepEqual(await traced(callbackHandler, { consumer: "c", log: out.log })(event, context), { batchItemFailures: [{ itemIdentifier: "m-1" }] });
    const failing: UserHandler = (_event, _context, callback) => callback(new TypeError("nope"));
    await assert.rejects(traced(failing, { consumer: "c", log: out.log })(event, context), TypeError);
    const synchronous = ((() => ({ batchItemFailures: [{ itemIdentifier: "m-1" }] })) as unknown) as UserHandler;
    assert.equal(await traced(synchronous, { consumer: "c", log: out.log })(event, context), null);
    assert.deepEqual(
      out.traces().map((line) => line.records[0]!.outcome),
      ["reported", "failed", "ok"],
    );
  });

  it("a synchronous throw is traced and rethrown", async () => {
    const out = capture();
    const handler = traced(
      () => {
        throw new RangeError("sync");
      },
      { consumer: "c", log: out.log },
    );
    await assert.rejects(handler(sqsEvent(objectRecord("uploads/a")), context), RangeError);
    assert.deepEqual(out.traces()[0]!.error, { type: "RangeError", message: "sync" });
  });

  it("events that are not SQS batches pass through untraced", async () => {
    const out = capture();
    const handler = traced(async (event) => ({ echoed: event }), { consumer: "c", log: out.log });
    assert.deepEqual(await handler({ hello: 1 }, context), { echoed: { hello: 1 } });
    assert.deepEqual(await handler({ Records: [{ eventSource: "aws:s3" }] }, context), { echoed: { Records: [{ eventSource: "aws:s3" }] } });
    assert.deepEqual(out.lines, []);
  });

  it("a large batch is split into lines each under the size limit, every record in exactly one", async () => {
    const out = capture();
    const records = Array.from({ length: 400 }, (_, index) => objectRecord(`uploads/${"k".repeat(900)}-${index}`, { messageId: `m-${index}` }));
    await traced(async () => ({}), { consumer: "c", log: out.log })(sqsEvent(...records), context);
    const lines = out.traces();
    assert.ok(lines.length > 1, `${lines.length} lines`);
    for (const line of out.lines) assert.ok(Buffer.byteLength(line) <= MAX_TRACE_JSON_BYTES + TRACE_MARKER.length + 1, `${Buffer.byteLength(line)} bytes`);
    assert.deepEqual(
      lines.map((line) => [line.part, line.parts, line.batch]),
      lines.map((_, index) => [index + 1, lines.length, 400]),
    );
    assert.deepEqual(
      lines.flatMap((line) => line.records.map((record) => record.id)),
      records.map((record) => record.messageId),
    );
  });

  it("a failing log does not change the handler's outcome", async () => {
    const handler = traced(async () => "done", {
      consumer: "c",
      log: () => {
        throw new Error("log broke");
      },
    });
    assert.equal(await handler(sqsEvent(objectRecord("uploads/a")), context), "done");
  });
});
