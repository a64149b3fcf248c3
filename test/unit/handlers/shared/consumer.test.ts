import "../../../helpers/sdk-env.js";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { beforeEach, describe, it } from "node:test";
import { auditConsumer } from "../../../../handlers/audit/index.js";
import { inventoryConsumer } from "../../../../handlers/inventory/index.js";
import { createConsumerHandler, type Consumer } from "../../../../handlers/shared/consumer.js";
import type { EdaResult } from "../../../../handlers/shared/result.js";
import { MemoryObjectStore } from "../../../helpers/memory-object-store.js";
import {
  BUCKET,
  encodeS3EventKey,
  s3EventJson,
  s3EventRecord,
  s3TestEventJson,
  snsEnvelope,
  sqsEvent,
  sqsRecord,
} from "../../../../bench/lib/workloads/lambda-events.js";

const NOW = 1767268802000;

interface Harness {
  store: MemoryObjectStore;
  lines: string[];
  handler: ReturnType<typeof createConsumerHandler>;
}

function harness(consumer: Consumer, env: Record<string, string> = {}, random = () => 0.5): Harness {
  const store = new MemoryObjectStore();
  const lines: string[] = [];
  const handler = createConsumerHandler(consumer, {
    store,
    env: { EDA_CONSUMER: consumer.name, EDA_BUCKET: BUCKET, EDA_RESULTS_PREFIX: `results/${consumer.name}/`, ...env },
    now: () => NOW,
    random,
    log: (line) => lines.push(line),
  });
  return { store, lines, handler };
}

function uploadRecord(key: string, options: { messageId?: string; receiveCount?: number } = {}) {
  return sqsRecord(snsEnvelope(s3EventJson(s3EventRecord({ encodedKey: encodeS3EventKey(key) }))), options);
}

describe("inventory consumer", () => {
  let h: Harness;
  beforeEach(() => (h = harness(inventoryConsumer)));

  it("writes one result for an SNS-wrapped S3 event, under the decoded key", async () => {
    h.store.put(BUCKET, "uploads/red flower+1.txt", "one two\nthree\n", { contentType: "text/plain" });
    const record = uploadRecord("uploads/red flower+1.txt", { messageId: "m-1" });
    assert.equal(JSON.parse(JSON.parse(record.body).Message).Records[0].s3.object.key, "uploads/red+flower%2B1.txt");

    const response = await h.handler(sqsEvent(record));

    assert.deepEqual(response, { batchItemFailures: [] });
    assert.deepEqual(h.store.keys("eda-test-bucket/results/"), ["eda-test-bucket/results/inventory/red flower+1.txt.json"]);
    const expected: EdaResult = {
      schema: "eda.result/1",
      consumer: "inventory",
      source: "s3",
      bucket: BUCKET,
      key: "uploads/red flower+1.txt",
      messageId: "m-1",
      receiveCount: 1,
      hops: {
        s3EventTime: Date.parse("2026-01-01T12:00:00.123Z"),
        snsTimestamp: Date.parse("2026-01-01T12:00:00.901Z"),
        sqsSentTimestamp: 1767268801000,
        sqsFirstReceiveTimestamp: 1767268801050,
        handlerStart: NOW,
        handlerEnd: NOW,
      },
      inventory: {
        contentType: "text/plain",
        eTag: createHash("md5").update("one two\nthree\n").digest("hex"),
        size: 14,
        sha256: createHash("sha256").update("one two\nthree\n").digest("hex"),
        lines: 2,
        words: 3,
      },
    };
    assert.deepEqual(h.store.json(BUCKET, "results/inventory/red flower+1.txt.json"), expected);
    assert.deepEqual(h.store.calls, [
      "get eda-test-bucket/uploads/red flower+1.txt",
      "put eda-test-bucket/results/inventory/red flower+1.txt.json",
    ]);
  });

  it("omits line and word counts for binary content", async () => {
    h.store.put(BUCKET, "uploads/img.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), {
      contentType: "image/png",
    });
    await h.handler(sqsEvent(uploadRecord("uploads/img.png")));
    const result = h.store.json(BUCKET, "results/inventory/img.png.json") as { inventory: Record<string, unknown> };
    assert.equal(result.inventory.size, 8);
    assert.equal("lines" in result.inventory, false);
    assert.equal("words" in result.inventory, false);
  });

  it("reports only the poisoned record in batchItemFailures and writes no result for it", async () => {
    h.store.put(BUCKET, "uploads/good.txt", "fine");
    h.store.put(BUCKET, "uploads/bad.txt", "bad", { metadata: { "eda-poison": "1" } });
    const good = uploadRecord("uploads/good.txt", { messageId: "good" });
    const bad = uploadRecord("uploads/bad.txt", { messageId: "bad" });
    const message = sqsRecord('{"id":"note-1"}', { messageId: "direct" });

    const response = await h.handler(sqsEvent(good, bad, message));

    assert.deepEqual(response, { batchItemFailures: [{ itemIdentifier: "bad" }] });
    assert.deepEqual(h.store.keys("eda-test-bucket/results/"), [
      "eda-test-bucket/results/inventory/good.txt.json",
      "eda-test-bucket/results/inventory/messages/note-1.json",
    ]);
    const failure = h.lines.map((line) => JSON.parse(line)).find((entry) => entry.outcome === "failed");
    assert.equal(failure.messageId, "bad");
    assert.match(failure.reason, /PoisonMarkerError: .*eda-poison/);
  });

  it("fails a poisoned object on every delivery until the marker is removed", async () => {
    h.store.put(BUCKET, "uploads/p.txt", "x", { metadata: { "eda-poison": "" } });
    for (const receiveCount of [1, 2, 3]) {
      const response = await h.handler(sqsEvent(uploadRecord("uploads/p.txt", { messageId: "p", receiveCount })));
      assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "p" }]);
    }
    h.store.put(BUCKET, "uploads/p.txt", "x");
    const redriven = await h.handler(sqsEvent(uploadRecord("uploads/p.txt", { messageId: "p", receiveCount: 1 })));
    assert.deepEqual(redriven.batchItemFailures, []);
    assert.ok(h.store.json(BUCKET, "results/inventory/p.txt.json"));
  });

  it("overwrites the same result when a message is redelivered", async () => {
    h.store.put(BUCKET, "uploads/dup.txt", "x");
    await h.handler(sqsEvent(uploadRecord("uploads/dup.txt", { messageId: "d", receiveCount: 1 })));
    await h.handler(sqsEvent(uploadRecord("uploads/dup.txt", { messageId: "d", receiveCount: 2 })));
    assert.deepEqual(h.store.keys("eda-test-bucket/results/"), ["eda-test-bucket/results/inventory/dup.txt.json"]);
    assert.equal((h.store.json(BUCKET, "results/inventory/dup.txt.json") as EdaResult).receiveCount, 2);
  });

  it("fails a record whose object is gone without touching the others", async () => {
    h.store.put(BUCKET, "uploads/here.txt", "x");
    const response = await h.handler(
      sqsEvent(uploadRecord("uploads/gone.txt", { messageId: "gone" }), uploadRecord("uploads/here.txt")),
    );
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "gone" }]);
    assert.ok(h.store.json(BUCKET, "results/inventory/here.txt.json"));
  });
});

describe("audit consumer", () => {
  it("records the event's facts after a HeadObject, without reading the body", async () => {
    const h = harness(auditConsumer);
    h.store.put(BUCKET, "uploads/dir/a b.csv", "a,b\n");
    const body = snsEnvelope(
      s3EventJson(s3EventRecord({ encodedKey: "uploads/dir/a+b.csv", sequencer: "0055AED6DC", versionId: "3HL4kqtJlcpXroDTDmJ" })),
    );
    const response = await h.handler(sqsEvent(sqsRecord(body, { messageId: "a-1", receiveCount: 2 })));

    assert.deepEqual(response, { batchItemFailures: [] });
    assert.deepEqual(h.store.calls, [
      "head eda-test-bucket/uploads/dir/a b.csv",
      "put eda-test-bucket/results/audit/dir/a b.csv.json",
    ]);
    const result = h.store.json(BUCKET, "results/audit/dir/a b.csv.json") as EdaResult;
    assert.equal(result.consumer, "audit");
    assert.equal(result.receiveCount, 2);
    assert.ok(result.source === "s3");
    assert.deepEqual(result.audit, {
      eventName: "ObjectCreated:Put",
      eventTime: "2026-01-01T12:00:00.123Z",
      principalId: "AWS:AIDAEXAMPLE",
      sourceIp: "203.0.113.7",
      sequencer: "0055AED6DC",
      versionId: "3HL4kqtJlcpXroDTDmJ",
    });
    assert.equal(result.inventory, undefined);
  });

  it("fails an object carrying the poison marker", async () => {
    const h = harness(auditConsumer);
    h.store.put(BUCKET, "uploads/p", "x", { metadata: { "eda-poison": "yes" } });
    const response = await h.handler(sqsEvent(uploadRecord("uploads/p", { messageId: "p" })));
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "p" }]);
    assert.deepEqual(h.store.keys("eda-test-bucket/results/"), []);
  });
});

describe("shared record handling", () => {
  it("acknowledges the s3:TestEvent without a result or a failure", async () => {
    const h = harness(inventoryConsumer);
    const response = await h.handler(sqsEvent(sqsRecord(snsEnvelope(s3TestEventJson()), { messageId: "t" })));
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.deepEqual(h.store.keys(), []);
    assert.deepEqual(JSON.parse(h.lines[0]!), {
      consumer: "inventory",
      outcome: "skipped",
      messageId: "t",
      receiveCount: 1,
      reason: "s3:TestEvent",
    });
  });

  it("stores a direct JSON message under its id and a non-JSON one under the SQS message id", async () => {
    const h = harness(auditConsumer);
    await h.handler(sqsEvent(sqsRecord('{"id":"order-42"}', { messageId: "m-a" }), sqsRecord("plain text", { messageId: "m-b" })));
    assert.deepEqual(h.store.json(BUCKET, "results/audit/messages/order-42.json"), {
      schema: "eda.result/1",
      consumer: "audit",
      source: "message",
      id: "order-42",
      messageId: "m-a",
      receiveCount: 1,
      hops: {
        s3EventTime: null,
        snsTimestamp: null,
        sqsSentTimestamp: 1767268801000,
        sqsFirstReceiveTimestamp: 1767268801050,
        handlerStart: NOW,
        handlerEnd: NOW,
      },
      message: { body: '{"id":"order-42"}' },
    });
    const plain = h.store.json(BUCKET, "results/audit/messages/m-b.json") as EdaResult;
    assert.ok(plain.source === "message");
    assert.equal(plain.id, "m-b");
    assert.equal(plain.message.body, "plain text");
  });

  it('fails a direct message with "poison": true', async () => {
    const h = harness(inventoryConsumer);
    const response = await h.handler(sqsEvent(sqsRecord('{"id":"x","poison":true}', { messageId: "px" })));
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "px" }]);
    assert.deepEqual(h.store.keys(), []);
  });

  it("fails a malformed envelope alone", async () => {
    const h = harness(inventoryConsumer);
    const malformed = sqsRecord(JSON.stringify({ Type: "Notification", TopicArn: "arn:aws:sns:us-east-1:0:t" }), {
      messageId: "bad",
    });
    const response = await h.handler(sqsEvent(malformed, sqsRecord("ok")));
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "bad" }]);
    assert.equal(h.store.keys("eda-test-bucket/results/inventory/messages/").length, 1);
  });

  it("skips removals and keys outside uploads/, so results never trigger more results", async () => {
    const h = harness(inventoryConsumer);
    const removed = s3EventRecord({ encodedKey: "uploads/x", eventName: "ObjectRemoved:Delete" });
    const result = s3EventRecord({ encodedKey: "results/audit/x.json" });
    const response = await h.handler(sqsEvent(sqsRecord(snsEnvelope(s3EventJson(removed, result)))));
    assert.deepEqual(response.batchItemFailures, []);
    assert.deepEqual(h.store.calls, []);
    assert.deepEqual(
      h.lines.map((line) => JSON.parse(line).outcome),
      ["skipped", "skipped"],
    );
  });

  it("writes under EDA_RESULTS_PREFIX, adding the missing slash", async () => {
    const h = harness(inventoryConsumer, { EDA_RESULTS_PREFIX: "out/inv" });
    await h.handler(sqsEvent(sqsRecord('{"id":"a"}')));
    assert.deepEqual(h.store.keys(), ["eda-test-bucket/out/inv/messages/a.json"]);
  });

  it("fails records at EDA_TRANSIENT_FAILURE_RATE, before any side effect", async () => {
    const draws = [0.9, 0.1, 0.7];
    const h = harness(inventoryConsumer, { EDA_TRANSIENT_FAILURE_RATE: "0.5" }, () => draws.shift()!);
    const response = await h.handler(
      sqsEvent(sqsRecord('{"id":"a"}'), sqsRecord('{"id":"b"}', { messageId: "unlucky" }), sqsRecord('{"id":"c"}')),
    );
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: "unlucky" }]);
    assert.deepEqual(h.store.keys(), [
      "eda-test-bucket/results/inventory/messages/a.json",
      "eda-test-bucket/results/inventory/messages/c.json",
    ]);
    assert.match(h.lines.find((line) => line.includes("unlucky"))!, /InjectedTransientFailure/);
  });

  it("never fails at the default rate and always fails at rate 1", async () => {
    const never = harness(inventoryConsumer, {}, () => 0);
    assert.deepEqual((await never.handler(sqsEvent(sqsRecord("x")))).batchItemFailures, []);
    const always = harness(inventoryConsumer, { EDA_TRANSIENT_FAILURE_RATE: "1" }, () => 0.999);
    assert.equal((await always.handler(sqsEvent(sqsRecord("x")))).batchItemFailures.length, 1);
  });

  it("fails the whole invocation when the environment is wrong", async () => {
    await assert.rejects(harness(inventoryConsumer, { EDA_BUCKET: "" }).handler(sqsEvent(sqsRecord("x"))), /EDA_BUCKET is not set/);
    await assert.rejects(
      harness(inventoryConsumer, { EDA_CONSUMER: "audit" }).handler(sqsEvent(sqsRecord("x"))),
      /EDA_CONSUMER is audit but this is the inventory consumer/,
    );
    await assert.rejects(
      harness(inventoryConsumer, { EDA_TRANSIENT_FAILURE_RATE: "lots" }).handler(sqsEvent(sqsRecord("x"))),
      /EDA_TRANSIENT_FAILURE_RATE must be a number from 0 to 1, got lots/,
    );
  });

  it("logs exactly one line per record", async () => {
    const h = harness(inventoryConsumer);
    h.store.put(BUCKET, "uploads/a", "x");
    await h.handler(sqsEvent(uploadRecord("uploads/a"), sqsRecord("m"), sqsRecord(s3TestEventJson()), sqsRecord('{"poison":true}')));
    assert.deepEqual(
      h.lines.map((line) => JSON.parse(line).outcome).sort(),
      ["failed", "processed", "processed", "skipped"],
    );
  });
});
