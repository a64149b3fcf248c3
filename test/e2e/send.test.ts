/** `eda send` end to end against the embedded emulator, checked with plain SDK calls. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { EdaResult } from "../../handlers/shared/result.js";
import type { StackConfig } from "../../src/core/stack/config.js";
import { assertOneErrorLine, jsonLines, resultOf } from "../helpers/cli.js";
import { keysUnder, type ProvingTarget, queueMessageCount, startProvingTarget } from "../helpers/proving-target.js";

describe("eda send", () => {
  let target: ProvingTarget;
  let config: StackConfig;

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-send");
  });
  after(() => target.stop());

  it("sends a message to both queues and shows each consumer's result for it", async () => {
    const run = await target.eda(["send", "hello from e2e", "--stack", "prove-send"]);
    assert.equal(run.code, 0, run.stderr);
    const id = /sent message (msg-\S+) to prove-send-inventory/.exec(run.stdout)?.[1];
    assert.ok(id, run.stdout);
    assert.match(run.stdout, new RegExp(`sent message ${id} to prove-send-audit`));
    assert.match(run.stdout, new RegExp(`^inventory message ${id}: hello from e2e \\(done [\\d.]+m?s after SQS\\)$`, "m"));
    assert.match(run.stdout, new RegExp(`^audit +message ${id}: `, "m"));
    assert.match(run.stdout, new RegExp(`message ${id} processed by inventory and audit`));
    const object = await target.clients.s3.send(new GetObjectCommand({ Bucket: config.bucket.name, Key: `results/audit/messages/${id}.json` }));
    const result = JSON.parse(await object.Body!.transformToString()) as EdaResult;
    assert.equal(result.source, "message");
  });

  it("--queue audit sends to that queue only; --json carries the results", async () => {
    const run = await target.eda(["send", '{"id": "order-42", "total": 3}', "--queue", "audit", "--stack", "prove-send", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const sent = jsonLines(run.stdout).filter((line) => line.type === "data" && line.topic === "sent");
    assert.deepEqual(sent.map((line) => (line.data as { queue: string }).queue), ["prove-send-audit"]);
    const result = resultOf(run.stdout) as Record<string, any>;
    assert.equal(result.ok, true);
    assert.equal(result.id, "order-42");
    assert.deepEqual(Object.keys(result.results), ["audit"]);
    assert.equal(result.results.audit.message.body, '{"id": "order-42", "total": 3}');
    assert.deepEqual(await keysUnder(target.clients, config.bucket.name, "results/inventory/messages/order-42"), []);
  });

  it("a poisoned message: says when it is expected in the DLQ and why, and how to see it in seconds", async () => {
    const run = await target.eda(["send", '{"poison": true}', "--queue", "inventory", "--stack", "prove-send"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /message msg-\S+ is poisoned and fails on purpose: expected in the DLQs at about \d\d:\d\d:\d\d \(in 15m: 5 receives x 180 s visibility timeout\)/);
    assert.match(run.stdout, /to see it in 15s, on eda's emulator: eda local start --time-scale 60, then the same commands with --local/);
    assert.match(run.stdout, /sent poisoned message msg-\S+; look for it after \d\d:\d\d:\d\d with: eda dlq list --endpoint-url http:\/\/127\.0\.0\.1:\d+ --region us-east-1 --stack prove-send/);
  });

  it("a poisoned message with --timeout waits that long for it in the DLQ: exit 1 when it is not there yet", async () => {
    const run = await target.eda(["send", '{"poison": true}', "--queue", "inventory", "--timeout", "2s", "--stack", "prove-send"]);
    assert.equal(run.code, 1, run.stdout);
    assertOneErrorLine(run, /poisoned message msg-\S+ is not in the DLQ of inventory after 2s \(expected at about \d\d:\d\d:\d\d; see eda logs\)/);
  });

  describe("refuses bad input with one line and exit 2, sending nothing", () => {
    const cases: [string, string[], RegExp][] = [
      ["a queue that is not a consumer", ["hi", "--queue", "billing"], /invalid --queue "billing": expected inventory, audit or all/],
      ["a timeout of zero", ["hi", "--timeout", "0"], /invalid --timeout "0"/],
      ["an id that cannot be part of a key", ['{"id": "a/b"}'], /invalid message id "a\/b"/],
      ["an empty message", [" "], /the message is empty/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const before = await queueMessageCount(target.clients, config.consumers.audit.queue);
        const run = await target.eda(["send", ...args, "--stack", "prove-send", "--no-wait"]);
        assert.equal(run.code, 2, run.stderr);
        assertOneErrorLine(run, message);
        assert.equal(await queueMessageCount(target.clients, config.consumers.audit.queue), before);
      });
    }

    it("a stack that is not set up", async () => {
      const run = await target.eda(["send", "hi", "--stack", "prove-nowhere"]);
      assert.equal(run.code, 2);
      assertOneErrorLine(run, /stack prove-nowhere is not set up .*: run eda setup .*first/);
    });
  });
});
