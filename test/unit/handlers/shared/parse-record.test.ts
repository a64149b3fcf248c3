import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MalformedEventError } from "../../../../handlers/shared/errors.js";
import { parseRecordBody, readDelivery } from "../../../../handlers/shared/parse-record.js";
import { decodeS3EventKey } from "../../../../handlers/shared/s3-key.js";
import {
  encodeS3EventKey,
  s3EventJson,
  s3EventRecord,
  s3TestEventJson,
  snsEnvelope,
  sqsRecord,
  TOPIC_ARN,
} from "../../../../bench/lib/workloads/lambda-events.js";

describe("S3 event key decoding", () => {
  it("turns + into space and %2B into +", () => {
    assert.equal(decodeS3EventKey("uploads/a+b%2Bc"), "uploads/a b+c");
  });

  it("decodes percent-encoded UTF-8", () => {
    assert.equal(decodeS3EventKey("uploads/%C3%A9t%C3%A9+%F0%9F%8C%B8.txt"), "uploads/été 🌸.txt");
  });

  it("keeps nested prefixes whether / arrives literal or as %2F", () => {
    assert.equal(decodeS3EventKey("uploads/2026/01/report+v1.csv"), "uploads/2026/01/report v1.csv");
    assert.equal(decodeS3EventKey("uploads%2F2026%2F01%2Freport+v1.csv"), "uploads/2026/01/report v1.csv");
  });

  it("round-trips what S3 encodes", () => {
    for (const key of ["uploads/a b+c=d:e.json", "uploads/dir/sub dir/ü & ß?.txt", "uploads/100%.bin"]) {
      assert.equal(decodeS3EventKey(encodeS3EventKey(key)), key);
    }
  });
});

describe("parseRecordBody", () => {
  it("unwraps the SNS envelope around an S3 event and decodes the key", () => {
    const body = snsEnvelope(
      s3EventJson(s3EventRecord({ encodedKey: "uploads/red+flower%2B1.jpg", versionId: "v1", sequencer: "00A1" })),
    );
    const content = parseRecordBody(body);
    assert.equal(content.kind, "objects");
    assert.equal(content.snsTimestamp, Date.parse("2026-01-01T12:00:00.901Z"));
    assert.ok(content.kind === "objects");
    assert.deepEqual(content.events, [
      {
        bucket: "eda-test-bucket",
        key: "uploads/red flower+1.jpg",
        eventName: "ObjectCreated:Put",
        eventTime: "2026-01-01T12:00:00.123Z",
        eventTimeMs: Date.parse("2026-01-01T12:00:00.123Z"),
        principalId: "AWS:AIDAEXAMPLE",
        sourceIp: "203.0.113.7",
        sequencer: "00A1",
        versionId: "v1",
      },
    ]);
  });

  it("accepts a compact envelope as well as the pretty-printed one", () => {
    const envelope = { Type: "Notification", TopicArn: TOPIC_ARN, Message: s3EventJson(s3EventRecord({ encodedKey: "uploads/x" })) };
    const content = parseRecordBody(JSON.stringify(envelope));
    assert.equal(content.kind, "objects");
    assert.equal(content.snsTimestamp, null);
  });

  it("understands an S3 event sent straight to the queue (no SNS)", () => {
    const content = parseRecordBody(s3EventJson(s3EventRecord({ encodedKey: "uploads/a+b" })));
    assert.ok(content.kind === "objects");
    assert.equal(content.snsTimestamp, null);
    assert.equal(content.events[0]!.key, "uploads/a b");
  });

  it("skips the s3:TestEvent, wrapped in SNS or not", () => {
    assert.deepEqual(parseRecordBody(snsEnvelope(s3TestEventJson())), {
      kind: "skip",
      snsTimestamp: Date.parse("2026-01-01T12:00:00.901Z"),
      reason: "s3:TestEvent",
    });
    assert.equal(parseRecordBody(s3TestEventJson()).kind, "skip");
  });

  it("skips SNS subscription confirmations", () => {
    const body = JSON.stringify({ Type: "SubscriptionConfirmation", TopicArn: TOPIC_ARN, Message: "confirm", Token: "t" });
    assert.deepEqual(parseRecordBody(body), { kind: "skip", snsTimestamp: null, reason: "SNS SubscriptionConfirmation" });
  });

  it("treats a JSON body with a string id as a direct message with that id", () => {
    const body = JSON.stringify({ id: "order-42", amount: 3 });
    assert.deepEqual(parseRecordBody(body), {
      kind: "message",
      snsTimestamp: null,
      message: { body, id: "order-42", poison: false },
    });
  });

  it("ignores ids that are not non-empty strings", () => {
    for (const body of ['{"id":42}', '{"id":""}', '["id"]', "null", '"id"']) {
      const content = parseRecordBody(body);
      assert.ok(content.kind === "message", body);
      assert.equal(content.message.id, null, body);
    }
  });

  it("treats any non-JSON body as a direct message", () => {
    assert.deepEqual(parseRecordBody("hello, queue"), {
      kind: "message",
      snsTimestamp: null,
      message: { body: "hello, queue", id: null, poison: false },
    });
  });

  it("flags a direct message whose JSON says poison: true, and only true", () => {
    const poisoned = parseRecordBody('{"id":"p1","poison":true}');
    assert.ok(poisoned.kind === "message" && poisoned.message.poison);
    const notPoisoned = parseRecordBody('{"id":"p1","poison":"true"}');
    assert.ok(notPoisoned.kind === "message" && !notPoisoned.message.poison);
  });

  it("treats a plain message published to the topic as a message with its SNS time", () => {
    const content = parseRecordBody(snsEnvelope('{"id":"via-sns"}'));
    assert.ok(content.kind === "message");
    assert.equal(content.message.id, "via-sns");
    assert.equal(content.message.body, '{"id":"via-sns"}');
    assert.equal(content.snsTimestamp, Date.parse("2026-01-01T12:00:00.901Z"));
  });

  it("rejects malformed envelopes and S3 events", () => {
    const malformed = [
      JSON.stringify({ Type: "Notification", TopicArn: TOPIC_ARN }),
      JSON.stringify({ Type: "Notification", TopicArn: TOPIC_ARN, Message: { Records: [] } }),
      snsEnvelope(JSON.stringify({ Records: "none" })),
      snsEnvelope(JSON.stringify({ Records: [] })),
      snsEnvelope(JSON.stringify({ Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: "b" } } }] })),
      snsEnvelope(s3EventJson(s3EventRecord({ encodedKey: "uploads/100%" }))),
      snsEnvelope(s3EventJson(s3EventRecord({ encodedKey: "uploads/x", eventTime: "yesterday" }))),
    ];
    for (const body of malformed) assert.throws(() => parseRecordBody(body), MalformedEventError, body);
  });
});

describe("readDelivery", () => {
  it("reads the SQS attributes as numbers", () => {
    const record = sqsRecord("x", { messageId: "m1", receiveCount: 3, sentTimestamp: 10, firstReceiveTimestamp: 20 });
    assert.deepEqual(readDelivery(record), { messageId: "m1", receiveCount: 3, sentTimestamp: 10, firstReceiveTimestamp: 20 });
  });

  it("rejects a record without SQS attributes", () => {
    const record = sqsRecord("x");
    record.attributes = { ...record.attributes, SentTimestamp: "" };
    assert.throws(() => readDelivery(record), /SentTimestamp/);
  });
});
