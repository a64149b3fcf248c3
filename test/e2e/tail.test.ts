/** `eda tail` end to end: bounded runs against the embedded emulator while results land. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { StackConfig } from "../../src/core/stack/config.js";
import { assertOneErrorLine, finished, jsonLines, lineMatching, resultOf } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";
import { keysUnder, type ProvingTarget, startProvingTarget } from "../helpers/proving-target.js";

describe("eda tail", () => {
  let target: ProvingTarget;
  let config: StackConfig;

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-tail");
  });
  after(() => target.stop());

  const sendToAudit = async (id: string) => {
    const { QueueUrl } = await target.clients.sqs.send(new GetQueueUrlCommand({ QueueName: config.consumers.audit.queue }));
    await target.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ id }) }));
  };
  const resultExists = (key: string) => async () => (await keysUnder(target.clients, config.bucket.name, key)).length > 0;

  it("shows only results that land after it starts, one line each, and stops after --count", async () => {
    await sendToAudit("tail-old");
    await eventually("the old result", resultExists("results/audit/messages/tail-old.json"));

    const child = target.spawn(["tail", "--count", "3", "--duration", "60s", "--stack", "prove-tail"]);
    const ended = finished(child, { timeoutMs: 60_000, what: "eda tail" });
    await lineMatching(child, /^following new results in s3:\/\/prove-tail-000000000000-us-east-1\/results\/ from inventory and audit \(stops after 3 results or 60s, or Ctrl-C\)$/);
    await sendToAudit("tail-new");
    await target.clients.s3.send(new PutObjectCommand({ Bucket: config.bucket.name, Key: "uploads/tail/red flower.txt", Body: "red flower\n" }));
    const run = await ended;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^audit +message tail-new: \{"id":"tail-new"\} \(done [\d.]+m?s after SQS\)$/m);
    assert.match(run.stdout, /^inventory uploads\/tail\/red flower.txt: 11 B/m);
    assert.match(run.stdout, /^audit +uploads\/tail\/red flower.txt: ObjectCreated:Put/m);
    assert.doesNotMatch(run.stdout, /tail-old/);
    assert.match(run.stdout, /3 new results in [\d.]+s/);
  });

  it("--json gives one object per result, and --queue narrows to one consumer", async () => {
    const child = target.spawn(["tail", "--count", "1", "--queue", "audit", "--duration", "60s", "--json", "--stack", "prove-tail"]);
    const ended = finished(child, { timeoutMs: 60_000, what: "eda tail" });
    await lineMatching(child, /"type":"info"/);
    await target.clients.s3.send(new PutObjectCommand({ Bucket: config.bucket.name, Key: "uploads/tail/json.txt", Body: "json\n" }));
    const run = await ended;
    assert.equal(run.code, 0, run.stderr);
    const results = jsonLines(run.stdout).filter((line) => line.type === "data" && line.topic === "result");
    assert.equal(results.length, 1);
    const data = results[0]!.data as Record<string, any>;
    assert.equal(data.consumer, "audit");
    assert.equal(data.resultKey, "results/audit/tail/json.txt.json");
    assert.equal(data.result.key, "uploads/tail/json.txt");
    assert.equal((resultOf(run.stdout) as Record<string, any>).results, 1);
  });

  it("--duration ends a quiet tail with exit 0", async () => {
    const run = await target.eda(["tail", "--duration", "1s", "--stack", "prove-tail"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /0 new results in [\d.]+s/);
  });

  it("refuses a count of zero and an unknown consumer", async () => {
    const zero = await target.eda(["tail", "--count", "0", "--stack", "prove-tail"]);
    assert.equal(zero.code, 2);
    assertOneErrorLine(zero, /invalid --count "0"/);
    const unknown = await target.eda(["tail", "--queue", "orders", "--stack", "prove-tail"]);
    assert.equal(unknown.code, 2);
    assertOneErrorLine(unknown, /invalid --queue "orders"/);
  });
});
