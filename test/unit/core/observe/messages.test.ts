import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { EdaResult } from "../../../../handlers/shared/result.js";
import { UsageError } from "../../../../src/core/errors.js";
import { commonPrefix } from "../../../../src/core/observe/await-results.js";
import { contentsText, describeBody, describeMessage, objectKeysOf } from "../../../../src/core/observe/dead-letter-peek.js";
import { resultText } from "../../../../src/core/observe/result-lines.js";
import { parseResult } from "../../../../src/core/observe/results.js";
import { messageBody } from "../../../../src/core/traffic/send.js";
import { checkFiles, contentTypeFor } from "../../../../src/core/traffic/upload.js";
import { encodeS3EventKey, s3EventJson, s3EventRecord, s3TestEventJson, snsEnvelope } from "../../../../bench/lib/workloads/lambda-events.js";

const hops = { s3EventTime: 1000, snsTimestamp: 1010, sqsSentTimestamp: 1020, sqsFirstReceiveTimestamp: 1030, handlerStart: 1040, handlerEnd: 1142 };

describe("decoding DLQ messages the way the consumers do", () => {
  it("an SNS envelope around an S3 event gives the decoded key", () => {
    const key = "uploads/RUN/plus+signs/a+b=c 1 café.txt";
    const contents = describeBody(snsEnvelope(s3EventJson(s3EventRecord({ encodedKey: encodeS3EventKey(key) }))));
    assert.deepEqual(objectKeysOf(contents), [key]);
    assert.equal(contentsText(contents), `${key} (ObjectCreated:Put)`);
  });

  it("direct messages show their id and poison flag; test events and garbage are named as such", () => {
    const poisoned = describeBody(JSON.stringify({ id: "msg-1", poison: true }));
    assert.deepEqual(objectKeysOf(poisoned), []);
    assert.match(contentsText(poisoned), /^message msg-1 \(poison: true\): /);
    assert.equal(contentsText(describeBody(snsEnvelope(s3TestEventJson()))), "nothing to process (s3:TestEvent)");
    assert.match(contentsText(describeBody(snsEnvelope('{"Records": []}'))), /^unreadable body: S3 event has no Records/);
  });

  it("reads receive count, sent time and the source queue from the message's attributes", () => {
    const message = describeMessage({
      MessageId: "m-1",
      Body: JSON.stringify({ id: "x" }),
      Attributes: { ApproximateReceiveCount: "6", SentTimestamp: "1767268800000", DeadLetterQueueSourceArn: "arn:aws:sqs:us-east-1:000000000000:eda-demo-audit" },
    });
    assert.equal(message.receiveCount, 6);
    assert.equal(message.sentTimestamp, 1767268800000);
    assert.equal(message.sourceQueueArn, "arn:aws:sqs:us-east-1:000000000000:eda-demo-audit");
  });
});

describe("reading results", () => {
  it("accepts the documented schema", () => {
    const text = JSON.stringify({ schema: "eda.result/1", consumer: "audit", source: "s3", key: "uploads/a", bucket: "b", messageId: "m", receiveCount: 1, hops });
    assert.ok("result" in parseResult(text));
  });

  it("names what is wrong with anything else", () => {
    assert.deepEqual(parseResult("{"), { unreadable: "is not JSON" });
    assert.deepEqual(parseResult("[]"), { unreadable: "is not a JSON object" });
    assert.deepEqual(parseResult(JSON.stringify({ schema: "other" })), { unreadable: 'schema is "other", expected eda.result/1' });
    const partial = parseResult(JSON.stringify({ schema: "eda.result/1", consumer: "audit", source: "s3", messageId: "m", receiveCount: 1, hops: { ...hops, handlerEnd: "late" } }));
    assert.deepEqual(partial, { unreadable: "lacks hops.handlerEnd, key" });
  });

  it("shows each result on one line", () => {
    const inventory: EdaResult = {
      schema: "eda.result/1",
      consumer: "inventory",
      source: "s3",
      bucket: "b",
      key: "uploads/red flower.txt",
      messageId: "m",
      receiveCount: 2,
      hops,
      inventory: { size: 5, contentType: "text/plain", eTag: "e", sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e", lines: 1, words: 1 },
    };
    assert.equal(resultText(inventory), "uploads/red flower.txt: 5 B text/plain, sha256 2cf24dba5fb0…, 1 line, 1 word (done 142ms after the S3 event, receive #2)");
    const message: EdaResult = { schema: "eda.result/1", consumer: "audit", source: "message", id: "msg-1", messageId: "m", receiveCount: 1, hops: { ...hops, s3EventTime: null, snsTimestamp: null }, message: { body: '{"id":"msg-1"}' } };
    assert.equal(resultText(message), 'message msg-1: {"id":"msg-1"} (done 122ms after SQS)');
    const wrapped: EdaResult = { ...message, message: { body: '{"id":"msg-1","message":"hello there"}' } };
    assert.equal(resultText(wrapped), "message msg-1: hello there (done 122ms after SQS)");
  });

  it("lists the folder all outstanding keys share", () => {
    assert.equal(commonPrefix(["results/audit/a/b/1.json", "results/audit/a/b/2.json", "results/audit/a/c.json"]), "results/audit/a/");
    assert.equal(commonPrefix(["results/audit/x.json"]), "results/audit/");
    assert.equal(commonPrefix(["results/audit/x.json", "results/inventory/x.json"]), "results/");
  });
});

describe("eda send bodies", () => {
  it("wraps text as JSON with the generated id", () => {
    assert.deepEqual(messageBody("hello", "msg-1"), { id: "msg-1", body: '{"id":"msg-1","message":"hello"}' });
    assert.deepEqual(messageBody("[1,2]", "msg-1"), { id: "msg-1", body: '{"id":"msg-1","message":"[1,2]"}' });
  });

  it("sends a JSON object as it is, adding the id only when absent", () => {
    assert.deepEqual(messageBody('{"poison": true}', "msg-1"), { id: "msg-1", body: '{"id":"msg-1","poison":true}' });
    assert.deepEqual(messageBody('{"id": "order-7", "total": 3}', "msg-1"), { id: "order-7", body: '{"id": "order-7", "total": 3}' });
  });

  it("refuses ids that cannot be part of a result key", () => {
    assert.throws(() => messageBody('{"id": "a/b"}', "msg-1"), UsageError);
    assert.throws(() => messageBody('{"id": 7}', "msg-1"), /invalid message id 7/);
  });
});

describe("eda upload file checks", () => {
  const root = mkdtempSync(join(tmpdir(), "eda-upload-unit-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const file = (name: string, content = "x") => {
    const path = join(root, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
    return path;
  };

  it("maps files to keys under uploads/ with their sizes", async () => {
    const a = file("a.txt", "hello");
    const b = file("dir/b c.json", "{}");
    assert.deepEqual(await checkFiles([a, b], "uploads/"), [
      { path: a, key: "uploads/a.txt", size: 5 },
      { path: b, key: "uploads/b c.json", size: 2 },
    ]);
  });

  it("refuses a missing file, a directory, and two files with the same key", async () => {
    await assert.rejects(checkFiles([join(root, "missing.txt")], "uploads/"), /missing.txt does not exist/);
    await assert.rejects(checkFiles([root], "uploads/"), /is a directory: eda upload takes files/);
    await assert.rejects(checkFiles([file("x/same.txt"), file("y/same.txt")], "uploads/"), /would both be uploaded as uploads\/same.txt/);
    await assert.rejects(checkFiles([], "uploads/"), UsageError);
  });

  it("guesses content types from extensions so text is reported as text", () => {
    assert.equal(contentTypeFor("notes.TXT"), "text/plain; charset=utf-8");
    assert.equal(contentTypeFor("data.json"), "application/json");
    assert.equal(contentTypeFor("blob"), "application/octet-stream");
  });
});
