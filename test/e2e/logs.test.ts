/** `eda logs` end to end: the consumers' CloudWatch Logs as the emulator's Lambda wrote them. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetQueueUrlCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { Consumer, StackConfig } from "../../src/core/stack/config.js";
import { assertOneErrorLine, finished, jsonLines, lineMatching } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";
import { keysUnder, type ProvingTarget, startProvingTarget } from "../helpers/proving-target.js";

describe("eda logs", () => {
  let target: ProvingTarget;
  let config: StackConfig;

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-logs");
    await send("both", "logs-first");
  });
  after(() => target.stop());

  async function send(to: Consumer | "both", id: string) {
    for (const consumer of to === "both" ? (["inventory", "audit"] as const) : [to]) {
      const { QueueUrl } = await target.clients.sqs.send(new GetQueueUrlCommand({ QueueName: config.consumers[consumer].queue }));
      await target.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ id }) }));
      await eventually(`${consumer} result for ${id}`, async () => (await keysUnder(target.clients, config.bucket.name, `results/${consumer}/messages/${id}.json`)).length > 0);
    }
  }

  /** Lambda ships log lines in batches: wait until both functions' lines for `id` are visible. */
  async function logsMention(id: string) {
    return eventually(`log lines for ${id}`, async () => {
      const run = await target.eda(["logs", "--since", "5m", "--filter", id, "--stack", "prove-logs"]);
      return /inventory .*processed/.test(run.stdout) && /audit .*processed/.test(run.stdout) ? run : undefined;
    });
  }

  it("shows both functions' lines interleaved by time, each marked by its function", async () => {
    await logsMention("logs-first");
    const run = await target.eda(["logs", "--since", "10m", "--stack", "prove-logs"]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split("\n").filter((line) => /^\d{4}-\d\d-\d\dT/.test(line));
    assert.ok(lines.some((line) => /^\S+ inventory START RequestId: \S+ Version: \$LATEST$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^\S+ audit +REPORT RequestId: /.test(line)));
    assert.ok(lines.some((line) => /^\S+ audit +.*"outcome":"processed".*"id":"logs-first"/.test(line)));
    const times = lines.map((line) => Date.parse(line.split(" ")[0]!));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.match(run.stdout, /\d+ log events from \/aws\/lambda\/prove-logs-inventory and \/aws\/lambda\/prove-logs-audit/);
  });

  it("--filter keeps matching events only; --json gives one object per event", async () => {
    const run = await target.eda(["logs", "--since", "10m", "--filter", "logs-first", "--queue", "audit", "--json", "--stack", "prove-logs"]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout).filter((line) => line.type === "data" && line.topic === "log").map((line) => line.data as Record<string, any>);
    assert.ok(events.length >= 1);
    for (const event of events) {
      assert.equal(event.consumer, "audit");
      assert.equal(event.functionName, "prove-logs-audit");
      assert.match(event.message, /logs-first/);
      assert.equal(typeof event.timestamp, "number");
      assert.equal(typeof event.eventId, "string");
    }
  });

  it("--follow shows events as they arrive, once each, until --duration", async () => {
    const child = target.spawn(["logs", "--follow", "--since", "1s", "--duration", "6s", "--filter", "logs-followed", "--stack", "prove-logs"]);
    const ended = finished(child, { timeoutMs: 60_000, what: "eda logs" });
    await lineMatching(child, /^following \/aws\/lambda\/prove-logs-inventory and \/aws\/lambda\/prove-logs-audit/);
    await send("inventory", "logs-followed");
    const run = await ended;
    assert.equal(run.code, 0, run.stderr);
    const processed = run.stdout.split("\n").filter((line) => /inventory .*"outcome":"processed".*logs-followed/.test(line));
    assert.equal(processed.length, 1, run.stdout);
  });

  it("refuses a --since of zero; a stack that is not set up is named", async () => {
    const zero = await target.eda(["logs", "--since", "0", "--stack", "prove-logs"]);
    assert.equal(zero.code, 2);
    assertOneErrorLine(zero, /invalid --since "0": expected a duration above zero/);
    const missing = await target.eda(["logs", "--stack", "prove-gone"]);
    assert.equal(missing.code, 2);
    assertOneErrorLine(missing, /stack prove-gone is not set up .*: log group \/aws\/lambda\/prove-gone-inventory does not exist: run eda setup .*first/);
  });
});
