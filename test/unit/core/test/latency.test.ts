import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { consumerLatency, hopDurations, percentile, summarise, throughput } from "../../../../src/core/test/latency.js";
import { formatMs, latencyTable } from "../../../../src/core/test/test-summary.js";

const hops = {
  s3EventTime: 1010,
  snsTimestamp: 1030,
  sqsSentTimestamp: 1035,
  sqsFirstReceiveTimestamp: 1040,
  handlerStart: 1100,
  handlerEnd: 1150,
};

describe("latency statistics", () => {
  it("percentiles use the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 90), 90);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile(values, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it("summaries sort their input and report count and max", () => {
    assert.deepEqual(summarise([30, 10, 20]), { count: 3, p50: 20, p90: 30, p99: 30, max: 30 });
    assert.equal(summarise([]), undefined);
  });

  it("each hop is the time between two timestamps of the result, the first from the upload start", () => {
    assert.deepEqual(hopDurations(1000, hops), {
      "upload-to-s3-event": 10,
      "s3-event-to-sns": 20,
      "sns-to-sqs": 5,
      "sqs-to-consumer": 65,
      "consumer-to-result": 50,
    });
  });

  it("hops without a timestamp are left out instead of counted as zero", () => {
    const direct = { ...hops, s3EventTime: null, snsTimestamp: null };
    const durations = hopDurations(1000, direct);
    assert.equal(durations["upload-to-s3-event"], null);
    assert.equal(durations["sns-to-sqs"], null);
    const latency = consumerLatency([{ uploadStartedAt: 1000, hops: direct }]);
    assert.equal(latency.hops["s3-event-to-sns"], undefined);
    assert.equal(latency.hops["consumer-to-result"]?.p50, 50);
  });

  it("per consumer: every hop and end-to-end over all samples", () => {
    const latency = consumerLatency([
      { uploadStartedAt: 1000, hops },
      { uploadStartedAt: 900, hops: { ...hops, handlerEnd: 1300 } },
    ]);
    assert.equal(latency.endToEnd?.count, 2);
    assert.equal(latency.endToEnd?.p50, 150);
    assert.equal(latency.endToEnd?.max, 400);
    assert.equal(latency.hops["upload-to-s3-event"]?.max, 110);
  });

  it("throughput is objects per second over the span; nothing for an empty span", () => {
    assert.deepEqual(throughput(500, 0, 2000), { objects: 500, seconds: 2, perSecond: 250 });
    assert.equal(throughput(0, 0, 2000), undefined);
    assert.equal(throughput(5, 1000, 1000), undefined);
  });

  it("the table has a row per hop and a p50 / p90 / p99 column per consumer", () => {
    const latency = { inventory: consumerLatency([{ uploadStartedAt: 1000, hops }]), audit: consumerLatency([]) };
    const lines = latencyTable({ consumers: ["inventory", "audit"], latency, problems: [] });
    assert.match(lines[0]!, /^hop\s+inventory p50 \/ p90 \/ p99\s+audit p50 \/ p90 \/ p99$/);
    assert.equal(lines.length, 7);
    assert.match(lines.find((line) => line.startsWith("S3 event -> SNS"))!, /20ms \/ 20ms \/ 20ms\s+-$/);
    assert.match(lines.at(-1)!, /^end-to-end \(upload -> result\)\s+150ms/);
  });

  it("formats milliseconds and seconds", () => {
    assert.equal(formatMs(7.4), "7ms");
    assert.equal(formatMs(1234), "1.23s");
    assert.equal(formatMs(75_000), "75.0s");
    assert.equal(formatMs(Number.NaN), "-");
  });
});
