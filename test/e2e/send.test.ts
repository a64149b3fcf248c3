/** `eda send` end to end against the embedded emulator, checked with plain SDK calls. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { EdaResult } from "../../handlers/shared/result.js";
import type { StackConfig } from "../../src/core/stack.js";
import { assertOneErrorLine, jsonLines, resultOf } from "./cli-harness.js";
import { keysUnder, queueMessageCount, startProvingTarget, type ProvingTarget } from "./prove-harness.js";

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

  it("a poisoned message gets no result: exit 1 after --timeout, pointing at the DLQ", async () => {
    const run = await target.eda(["send", '{"poison": true}', "--queue", "inventory", "--timeout", "2s", "--stack", "prove-send"]);
    assert.equal(run.code, 1, run.stdout);
    assertOneErrorLine(run, /no result from inventory for message msg-\S+ within 2\.00s \(a poisoned or failing message is retried until it reaches the DLQ: see eda logs and eda dlq list\)/);
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
      assertOneErrorLine(run, /stack prove-nowhere is not set up .*: run eda setup first/);
    });
  });
});
