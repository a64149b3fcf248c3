/**
 * `eda test` end to end: the real CLI against the embedded emulator, whose
 * S3 -> SNS -> SQS -> Lambda chain runs the packaged consumers. Every claim
 * the command makes is checked with plain SDK calls.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2 } from "@aws-sdk/client-lambda";
import type { EdaResult } from "../../handlers/shared/result.js";
import type { StackConfig } from "../../src/core/stack/config.js";
import { assertOneErrorLine, finished, jsonLines, lineMatching, resultOf } from "../helpers/cli.js";
import { deadLetterCount, keysUnder, type ProvingTarget, shortenVisibility, startProvingTarget } from "../helpers/proving-target.js";
import { eventually } from "../helpers/eventually.js";

describe("eda test", () => {
  let target: ProvingTarget;
  let config: StackConfig;

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-test");
  });
  after(() => target.stop());

  it("uploads six objects with awkward keys, proves both consumers processed each one, and prints hop latencies", async () => {
    const run = await target.eda(["test", "--stack", "prove-test"]);
    assert.equal(run.code, 0, run.stderr);
    const pass = /PASS: run (\S+): 6 objects went through every hop to both consumers with the right content; nothing in the DLQs/.exec(run.stdout);
    assert.ok(pass, run.stdout);
    const runId = pass[1]!;
    assert.match(run.stdout, /uploaded 6\/6 \| inventory: \d+ in queue, 6 results \| audit: \d+ in queue, 6 results/);
    for (const hop of ["upload -> S3 event", "S3 event -> SNS", "SNS -> SQS", "SQS -> consumer start", "consumer start -> result", "end-to-end (upload -> result)"]) {
      assert.match(run.stdout, new RegExp(`^${hop.replace(/[()]/g, "\\$&")}\\s+[\\d.]+m?s`, "m"), `a ${hop} row`);
    }
    assert.match(run.stdout, /^throughput: 6 objects through both consumers in [\d.]+s/m);

    const uploads = await keysUnder(target.clients, config.bucket.name, `uploads/${runId}/`);
    assert.equal(uploads.length, 6);
    assert.ok(uploads.some((key) => key.includes(" ")) && uploads.some((key) => key.includes("+")) && uploads.some((key) => /[^\x00-\x7f]/.test(key)));
    assert.ok(uploads.some((key) => key.includes("bad")), "a key to try a consumer's failure path with");
    for (const key of uploads) {
      const resultKey = `results/inventory/${key.slice("uploads/".length)}.json`;
      const object = await target.clients.s3.send(new GetObjectCommand({ Bucket: config.bucket.name, Key: resultKey }));
      const result = JSON.parse(await object.Body!.transformToString()) as EdaResult;
      assert.equal(result.source === "s3" && result.key, key);
    }
  });

  it("--json: progress events and a result with verdict, counts and latency percentiles", async () => {
    const run = await target.eda(["test", "--stack", "prove-test", "--count", "12", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    const progress = lines.filter((line) => line.type === "data" && line.topic === "progress");
    assert.ok(progress.length >= 1);
    assert.deepEqual((progress.at(-1)!.data as { consumers: unknown }).consumers, {
      inventory: { results: 12, deadLettered: 0 },
      audit: { results: 12, deadLettered: 0 },
    });
    const result = resultOf(run.stdout) as Record<string, any>;
    assert.equal(result.ok, true);
    assert.equal(result.passed, true);
    assert.equal(result.outcome, "complete");
    assert.equal(result.uploaded, 12);
    assert.equal(result.processed, 12);
    assert.deepEqual(result.problems, []);
    for (const consumer of ["inventory", "audit"]) {
      const latency = result.consumers[consumer].latency;
      assert.equal(latency.endToEnd.count, 12);
      assert.ok(latency.hops["sns-to-sqs"].p99 >= latency.hops["sns-to-sqs"].p50);
    }
    assert.equal(result.endToEnd.count, 12);
    assert.ok(result.throughput.perSecond > 0);
  });

  it("--poison k: exactly k objects end up in both DLQs after maxReceiveCount, the rest are processed", async () => {
    const poisonConfig = await target.setUpStack("prove-poison");
    await shortenVisibility(target.clients, poisonConfig, 1);
    const run = await target.eda(["test", "--stack", "prove-poison", "--count", "6", "--poison", "2", "--json"], { timeoutMs: 90_000 });
    assert.equal(run.code, 0, run.stderr);
    const result = resultOf(run.stdout) as Record<string, any>;
    assert.match(result.summary, /PASS: .*: 4 objects went through every hop to both consumers with the right content; all 2 poisoned objects are in both DLQs and nothing else is/);
    assert.equal(result.consumers.inventory.deadLettered, 2);
    assert.equal(result.consumers.audit.deadLettered, 2);
    assert.equal(result.consumers.inventory.results, 4);
    // Looking at the DLQs took nothing away.
    assert.equal(await deadLetterCount(target.clients, poisonConfig, "inventory"), 2);
    assert.equal(await deadLetterCount(target.clients, poisonConfig, "audit"), 2);
    const results = await keysUnder(target.clients, poisonConfig.bucket.name, `results/audit/${result.runId}/`);
    assert.equal(results.length, 4);
  });

  it("fails with exit 1 naming the missing results when a consumer cannot process, after --timeout", async () => {
    const brokenConfig = await target.setUpStack("prove-broken");
    // The audit function writes results to a bucket that does not exist: every record fails.
    const functionName = brokenConfig.consumers.audit.function;
    await target.clients.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: { EDA_CONSUMER: "audit", EDA_BUCKET: "no-such-bucket-anywhere" } } }),
    );
    await waitUntilFunctionUpdatedV2({ client: target.clients.lambda, maxWaitTime: 30 }, { FunctionName: functionName });
    // The timeout is the wait for audit results that never come. The healthy inventory consumer races
    // it (a cold start on a loaded machine can outlast any fixed timeout), so its results are not
    // asserted from the run's summary but from the bucket, synchronised on state, afterwards.
    const run = await target.eda(["test", "--stack", "prove-broken", "--count", "3", "--timeout", "5s"]);
    assert.equal(run.code, 1, run.stdout);
    const failure = /^error: FAIL: run (\S+): timed out 5\.0+s after the last upload with (\d+) problems \((\d+) missing-result\)$/m.exec(run.stderr);
    assert.ok(failure, run.stderr);
    const [, runId, problems, missing] = failure;
    assert.equal(missing, problems, "every problem is a missing result");
    const auditProblems = run.stdout.split("\n").filter((line) => /^problem: no audit result for uploads\/\S+/.test(line));
    assert.equal(auditProblems.length, 3, run.stdout);
    assert.match(run.stdout, /inventory: \d+ in queue, \d+ results \| audit: \d+ in queue, 0 results/);
    await eventually("the healthy consumer's 3 results", async () => (await keysUnder(target.clients, brokenConfig.bucket.name, `results/inventory/${runId}/`)).length === 3);
  });

  it("Ctrl-C stops cleanly, prints the partial summary and exits 130", async () => {
    const child = target.spawn(["test", "--stack", "prove-test", "--count", "400", "--concurrency", "2"]);
    const ended = finished(child, { timeoutMs: 60_000, what: "eda test" });
    await lineMatching(child, /^uploaded [1-9]\d*\/400/);
    child.kill("SIGINT");
    const run = await ended;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /interrupted/);
    assert.match(run.stdout, /^hop\s+inventory p50 \/ p90 \/ p99/m);
    assert.doesNotMatch(run.stdout, /uploaded 400\/400/);
  });

  describe("refuses bad input with one line and exit 2, uploading nothing", () => {
    const cases: [string, string[], RegExp][] = [
      ["a count of zero", ["--count", "0"], /invalid --count "0": expected a whole number of at least 1/],
      ["a negative count", ["--count", "-1"], /invalid --count "-1"/],
      ["a timeout of zero", ["--timeout", "0"], /invalid --timeout "0": expected a duration above zero/],
      ["more poisoned objects than objects", ["--count", "2", "--poison", "3"], /invalid --poison 3: it cannot exceed --count 2/],
      ["objects over the single-put limit", ["--size", "6GiB"], /over S3's 5 GiB limit for a single upload: use a multipart upload/],
      ["zero concurrency", ["--concurrency", "0"], /invalid --concurrency "0"/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const before = await keysUnder(target.clients, config.bucket.name, "uploads/");
        const run = await target.eda(["test", "--stack", "prove-test", ...args]);
        assert.equal(run.code, 2, run.stderr);
        assertOneErrorLine(run, message);
        assert.deepEqual(await keysUnder(target.clients, config.bucket.name, "uploads/"), before);
      });
    }

    it("a stack that is not set up", async () => {
      const run = await target.eda(["test", "--stack", "prove-missing"]);
      assert.equal(run.code, 2);
      assertOneErrorLine(run, /stack prove-missing is not set up in account 000000000000 \(us-east-1\): bucket prove-missing-000000000000-us-east-1 does not exist: run eda setup .*first/);
    });

    it("--json gives the error as the result line", async () => {
      const run = await target.eda(["test", "--stack", "prove-test", "--count", "0", "--json"]);
      assert.equal(run.code, 2);
      const result = resultOf(run.stdout) as Record<string, any>;
      assert.equal(result.ok, false);
      assert.equal(result.error.exitCode, 2);
    });
  });
});
