/**
 * A three-consumer project through the real CLI and its project file:
 * `eda test` proves every consumer from its traces, and `--consumer NAME`
 * (or its alias `--queue`) narrows tail, logs, dlq and status to one of
 * them, on the embedded emulator.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { stackConfig } from "../../src/core/stack/config.js";
import { TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { assertOneErrorLine, finished, lineMatching } from "../helpers/cli.js";
import { type ProvingTarget, startProvingTarget } from "../helpers/proving-target.js";

/** Logs one line per object, naming the consumer, so each function's logs are told apart. */
function loggingHandler(name: string): string {
  return `import type { SQSEvent } from "aws-lambda";

export async function handler(event: SQSEvent): Promise<void> {
  for (const record of event.Records) {
    const message = JSON.parse(JSON.parse(record.body).Message ?? "{}");
    for (const entry of message.Records ?? []) {
      console.log("${name} saw " + decodeURIComponent(entry.s3.object.key.replace(/\\+/g, " ")));
    }
  }
}
`;
}

describe("a three-consumer project: eda test and --consumer", () => {
  let target: ProvingTarget;
  let root: string;
  let config: string;
  const stack = "trio";
  const bucket = stackConfig({ stack, account: TEST_ACCOUNT, region: TEST_REGION }).bucket.name;
  const eda = (args: string[], timeoutMs = 120_000) => target.eda([...args, "--config", config], { timeoutMs });

  before(async () => {
    target = await startProvingTarget();
    root = mkdtempSync(join(tmpdir(), "eda-trio-"));
    const consumers = [
      { name: "alpha", handler: "consumers/alpha/index.ts#handler" },
      { name: "beta", handler: "consumers/beta/index.ts#handler" },
      { name: "docs", handler: "consumers/docs/index.ts#handler", filter: { suffix: ".json" } },
    ];
    for (const consumer of consumers) {
      mkdirSync(join(root, "consumers", consumer.name), { recursive: true });
      writeFileSync(join(root, "consumers", consumer.name, "index.ts"), loggingHandler(consumer.name));
    }
    config = join(root, "eda.json");
    writeFileSync(config, JSON.stringify({ stack, consumers }, null, 2));
    const setup = await eda(["setup"], 240_000);
    assert.equal(setup.code, 0, setup.stderr);
  });
  after(async () => {
    await target.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("eda test proves all three, the .json consumer with only .json objects", async () => {
    const run = await eda(["test"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /PASS: run \S+: 6 objects went through every hop to every consumer whose filter matches them, each processed successfully exactly once; nothing in the DLQs/);
    assert.match(run.stdout, /alpha: \d+ in queue, 6 results \| beta: \d+ in queue, 6 results \| docs: \d+ in queue, 3 results/);
  });

  it("status --consumer shows the shared resources and that consumer's only", async () => {
    const run = await eda(["status", "--consumer", "docs"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^queue:docs\s+present\s+trio-docs\s/m);
    assert.match(run.stdout, /^bucket\s+present\s/m);
    assert.doesNotMatch(run.stdout, /:alpha|:beta/);
    assert.match(run.stdout + run.stderr, /stack trio: all \d+ resources \(shared and docs\) present and as planned/);
  });

  it("logs --consumer shows that function's lines; the tracing shim's lines only with --verbose", async () => {
    const run = await eda(["logs", "--consumer", "beta", "--since", "10m"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^\S+ beta\s+.*beta saw uploads\//m);
    assert.doesNotMatch(run.stdout, /alpha saw|docs saw/);
    assert.doesNotMatch(run.stdout, /EDATRACE/);
    const verbose = await eda(["logs", "--queue", "beta", "--since", "10m", "--verbose"]);
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.match(verbose.stdout, /^\S+ beta\s+.*EDATRACE \{"v":1,"consumer":"beta"/m);
  });

  it("tail --consumer follows one consumer's traced records", async () => {
    const child = target.spawn(["tail", "--consumer", "docs", "--count", "1", "--config", config]);
    await lineMatching(child, /following new traced records/);
    for (const key of ["uploads/tail/skipped.txt", "uploads/tail/report.json"]) {
      await target.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "{}" }));
    }
    const run = await finished(child, { timeoutMs: 60_000, what: "eda tail" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^docs\s+uploads\/tail\/report\.json: ok \(done -?[\d.]+m?s after the S3 event\)$/m);
    assert.doesNotMatch(run.stdout, /skipped\.txt/);
  });

  it("upload waits for every consumer whose filter matches the file; send --consumer for one consumer's queue", async () => {
    const file = join(root, "report.json");
    writeFileSync(file, "{}\n");
    const run = await eda(["upload", file, "--prefix", "up"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    for (const consumer of ["alpha", "beta", "docs"]) assert.match(run.stdout, new RegExp(`^${consumer}\\s+uploads/up/report\\.json: ok \\(done`, "m"));
    assert.match(run.stdout + run.stderr, /uploaded 1 file; all 3 consumers processed each one \(3 results, all correct\)/);
    const sent = await eda(["send", "hello", "--consumer", "beta"]);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.match(sent.stdout, /^beta\s+message \S+: ok \(done -?[\d.]+m?s after SQS\)$/m);
    assert.doesNotMatch(sent.stdout, /alpha|docs/);
  });

  it("dlq list --consumer (and --queue) narrows to one DLQ; an unknown name is one line, exit 2", async () => {
    const run = await eda(["dlq", "list", "--consumer", "alpha"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^alpha DLQ trio-alpha-dlq: 0 messages$/m);
    assert.doesNotMatch(run.stdout, /beta DLQ|docs DLQ/);
    const alias = await eda(["dlq", "list", "--queue", "docs"]);
    assert.match(alias.stdout, /^docs DLQ trio-docs-dlq: 0 messages$/m);
    assertOneErrorLine(await eda(["dlq", "list", "--consumer", "inventory"]), /invalid --consumer "inventory": expected alpha, beta, docs or all/);
  });
});
