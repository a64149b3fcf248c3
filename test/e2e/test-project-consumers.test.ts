/**
 * `eda test` proving project consumers end to end on the embedded emulator:
 * handlers bundled through the tracing shim, set up by the provisioning
 * core, proven from the trace lines read back with FilterLogEvents.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testRun } from "../../src/core/test/test-run.js";
import type { ConsumerSpec } from "../../src/core/stack/config.js";
import { handlerSource, INVENTORY, type ProjectTarget, QUICK_DLQ_SETTINGS, startProjectTarget } from "../helpers/project-target.js";
import { queueMessageCount } from "../helpers/proving-target.js";

const HEAD = "await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));";

describe("eda test with project consumers", () => {
  let target: ProjectTarget;
  let consumers: ConsumerSpec[];

  before(async () => {
    // Queue time runs 6x: a failing record's 30 s visibility timeout (QUICK_DLQ_SETTINGS) ends
    // after 5 s, not 30, before it moves to the DLQ; still far longer than any invocation here.
    target = await startProjectTarget({ timeScale: 6 });
    target.writeHandler("echo", handlerSource(HEAD));
    target.writeHandler("docs", handlerSource(HEAD));
    consumers = [INVENTORY, target.spec("echo", { settings: QUICK_DLQ_SETTINGS }), target.spec("docs", { filter: { suffix: ".json" } })];
    await target.setUp("proj", consumers);
  });
  after(() => target.stop());

  it("passes: every object processed exactly once by each consumer whose filter matches it, the .json consumer only .json objects, with hop latencies per consumer", async () => {
    const { ctx } = target.context("proj", consumers);
    const result = await testRun(ctx, { size: 64, concurrency: 4, poison: 0, timeoutMs: 90_000 });
    assert.equal(result.ok, true, [...result.lines, result.summary].join("\n"));
    assert.match(result.summary, /^PASS: run \S+: 6 objects went through every hop to every consumer whose filter matches them, each processed successfully exactly once; nothing in the DLQs$/);
    const figures = result.data.consumers as Record<string, { results: number }>;
    assert.deepEqual(
      Object.fromEntries(Object.entries(figures).map(([name, entry]) => [name, entry.results])),
      { inventory: 6, echo: 6, docs: 3 },
    );
    assert.match(result.lines[0]!, /^hop\s+inventory p50 \/ p90 \/ p99\s+echo p50 \/ p90 \/ p99\s+docs p50 \/ p90 \/ p99$/);
    assert.match(result.lines.find((line) => line.startsWith("SQS -> consumer start"))!, /^SQS -> consumer start(\s+-?[\d.]+m?s \/ -?[\d.]+m?s \/ -?[\d.]+m?s){3}$/);
  });

  it("objects too large to build in memory are streamed, and the built-in consumer's SHA-256 proves the bytes", async () => {
    const { ctx } = target.context("proj", consumers);
    const result = await testRun(ctx, { count: 2, size: 3 * 1024 ** 2 + 5, concurrency: 2, poison: 0, timeoutMs: 90_000, inMemoryLimit: 1024 ** 2 });
    assert.equal(result.ok, true, [...result.lines, result.summary].join("\n"));
  });

  it("a consumer edited to throw for keys containing bad fails the run, naming those keys and the error's type and message", async () => {
    target.writeHandler("echo", handlerSource(`if (key.includes("bad")) throw new TypeError(\`refusing \${key}\`);\n      ${HEAD}`));
    const { result: redeploy } = await target.setUp("proj", consumers);
    assert.match(redeploy.summary, /updated 1,/);
    const { ctx } = target.context("proj", consumers);
    const result = await testRun(ctx, { size: 64, concurrency: 4, poison: 0, timeoutMs: 90_000 });
    assert.equal(result.ok, false);
    const problems = result.data.problems as { kind: string; consumer: string; key: string; message: string }[];
    const badKey = problems.find((problem) => problem.key.includes("/bad/"))?.key;
    assert.ok(badKey, JSON.stringify(problems));
    assert.ok(
      result.lines.includes(`problem: echo failed on ${badKey}: TypeError: refusing ${badKey} (1 attempt; it is in the echo DLQ)`),
      result.lines.join("\n"),
    );
    // Lambda retries a whole batch when the handler throws: the keys batched with the bad one fail with its error.
    for (const problem of problems) {
      assert.equal(problem.consumer, "echo", problem.message);
      assert.equal(problem.kind, "consumer-failed", problem.message);
      assert.match(problem.message, new RegExp(`: TypeError: refusing ${badKey.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(1 attempt; it is in the echo DLQ\\)$`));
    }
    assert.match(result.summary, /^FAIL: run \S+: \d+ problems? \(\d+ consumer-failed\)$/);
  });

  describe("a consumer writing outside its declared prefix", () => {
    it("gets AccessDenied, its records reach its DLQ, and eda test says so", async () => {
      target.writeHandler("writer", handlerSource('await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `elsewhere/${key}`, Body: "x" }));'));
      const writer = [target.spec("writer", { settings: QUICK_DLQ_SETTINGS })];
      const { config } = await target.setUp("proj-writer", writer);
      const { ctx } = target.context("proj-writer", writer);
      const result = await testRun(ctx, { count: 2, size: 16, concurrency: 2, poison: 0, timeoutMs: 90_000 });
      assert.equal(result.ok, false);
      assert.equal(result.data.outcome, "complete", "settled once both objects were in the DLQ");
      const failures = result.lines.filter((line) => line.startsWith("problem: "));
      assert.equal(failures.length, 2, result.lines.join("\n"));
      for (const line of failures) assert.match(line, /^problem: writer failed on uploads\/\S+.*: AccessDenied: .+ \(1 attempt; it is in the writer DLQ\)$/);
      assert.equal(await queueMessageCount(target.clients, config.consumers.writer!.deadLetterQueue), 2);
    });
  });
});
