/**
 * `eda local start|status|stop` and `--local`, driven through the real CLI
 * with a temporary EDA_HOME and free ports: the background emulator starts,
 * answers real SDK calls, is found again, stops cleanly, and stale or busy
 * situations end in one clear line.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, it } from "node:test";
import { CreateBucketCommand, PutBucketTaggingCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { assertOneErrorLine, createSandbox, finished, jsonLines, processExists, resultOf, runEda, type Sandbox, spawnEda } from "../helpers/cli.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

async function callerAccount(endpoint: string): Promise<string | undefined> {
  const sts = new STSClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } finally {
    sts.destroy();
  }
}

async function adminHealth(endpoint: string): Promise<{ status: string; profile: string; pid: number }> {
  return (await (await fetch(`${endpoint}/_eda/health`)).json()) as { status: string; profile: string; pid: number };
}

describe("eda local", () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(async () => {
    await sandbox.dispose();
  });

  const stateFile = () => join(sandbox.edaHome, "emulator.json");

  it("start, status, start again, stop, stop again", async () => {
    const started = await runEda(["local", "start", "--port", "0"], sandbox.env);
    assert.equal(started.code, 0, started.stderr);
    const endpoint = /emulator running at (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+), profile fast\)/.exec(started.stdout);
    assert.ok(endpoint, started.stdout);
    const [, url, pidText] = endpoint;
    const pid = Number(pidText);
    assert.match(started.stdout, /eda local stop/);
    assert.equal(await callerAccount(url!), "000000000000", "the emulator answers SDK calls at the printed endpoint");

    const status = await runEda(["local", "status", "--json"], sandbox.env);
    assert.equal(status.code, 0);
    const running = resultOf(status.stdout);
    assert.equal(running.running, true);
    assert.equal(running.endpoint, url);
    assert.equal(running.pid, pid);
    assert.equal(running.profile, "fast");
    assert.equal(typeof running.uptimeSeconds, "number");
    assert.equal(running.logFile, join(sandbox.edaHome, "emulator.log"));

    const again = await runEda(["local", "start", "--json"], sandbox.env);
    assert.equal(again.code, 0);
    const reused = resultOf(again.stdout);
    assert.equal(reused.alreadyRunning, true);
    assert.equal(reused.pid, pid);

    const stopped = await runEda(["local", "stop"], sandbox.env);
    assert.equal(stopped.code, 0);
    assert.match(stopped.stdout, new RegExp(`stopped the emulator at ${url} \\(pid ${pid}\\)`));
    assert.equal(processExists(pid), false);
    assert.equal(existsSync(stateFile()), false);
    const log = readFileSync(join(sandbox.edaHome, "emulator.log"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { message: string });
    assert.deepEqual(log.map((entry) => entry.message).filter((m) => m.startsWith("emulator ")), ["emulator listening", "emulator stopping"]);

    const stoppedAgain = await runEda(["local", "stop", "--json"], sandbox.env);
    assert.equal(stoppedAgain.code, 0);
    assert.equal(resultOf(stoppedAgain.stdout).stopped, false);

    const notRunning = await runEda(["local", "status"], sandbox.env);
    assert.equal(notRunning.code, 0);
    assert.match(notRunning.stdout, /emulator is not running/);
  });

  it("stop says which stacks the emulator's memory holds, refuses without a terminal and --yes, and stops with --yes", async () => {
    const started = await runEda(["local", "start", "--port", "0", "--json"], sandbox.env);
    assert.equal(started.code, 0, started.stderr);
    const { endpoint, pid } = resultOf(started.stdout) as { endpoint: string; pid: number };
    const s3 = new S3Client({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, forcePathStyle: true, maxAttempts: 1 });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: "kept-000000000000-us-east-1" }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: "kept-000000000000-us-east-1", Tagging: { TagSet: [{ Key: "eda:stack", Value: "kept" }] } }));
      await s3.send(new PutObjectCommand({ Bucket: "kept-000000000000-us-east-1", Key: "a.txt", Body: "a" }));
      await s3.send(new CreateBucketCommand({ Bucket: "someone-elses" }));
    } finally {
      s3.destroy();
    }

    const refused = await runEda(["local", "stop"], sandbox.env);
    assert.equal(refused.code, 2);
    assertOneErrorLine(refused, /holds stack kept \(1 object in its bucket\) and 1 other bucket in memory only\. Stop it and lose them\?.*pass --yes/);
    assert.equal(processExists(pid), true, "the emulator still runs");

    const stopped = await runEda(["local", "stop", "--yes"], sandbox.env);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(processExists(pid), false);
  });

  it("start --json prints one JSON object with the endpoint and pid", async () => {
    const started = await runEda(["local", "start", "--port", "0", "--json"], sandbox.env);
    assert.equal(started.code, 0);
    const lines = jsonLines(started.stdout);
    assert.equal(lines.length, 1);
    assert.match(String(lines[0]!.endpoint), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(processExists(Number(lines[0]!.pid)));
  });

  describe("a busy port", () => {
    let blocker: Server;
    let port: number;
    beforeEach(async () => {
      blocker = createServer();
      blocker.listen(0, "127.0.0.1");
      await once(blocker, "listening");
      port = (blocker.address() as { port: number }).port;
    });
    afterEach(async () => {
      blocker.close();
      await once(blocker, "close");
    });

    for (const mode of [[], ["--foreground"]]) {
      it(`fails with one line naming the port${mode.length ? " (foreground)" : ""}`, async () => {
        const run = await runEda(["local", "start", "--port", String(port), ...mode], sandbox.env);
        assert.equal(run.code, 1);
        assertOneErrorLine(run, new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is already in use: `));
        assert.equal(existsSync(stateFile()), false, "nothing is recorded");
      });
    }
  });

  it("detects and removes a stale state file whose process is gone", async () => {
    const gone = spawn(process.execPath, ["-e", ""]);
    await once(gone, "exit");
    mkdirSync(sandbox.edaHome, { recursive: true });
    const record = { pid: gone.pid, endpoint: "http://127.0.0.1:1", host: "127.0.0.1", port: 1, profile: "fast", startedAt: new Date().toISOString(), logFile: "x" };
    writeFileSync(stateFile(), JSON.stringify(record));

    const status = await runEda(["local", "status"], sandbox.env);
    assert.equal(status.code, 0);
    assert.match(status.stdout, new RegExp(`emulator is not running \\(removed stale state: process ${gone.pid} is gone\\)`));
    assert.equal(existsSync(stateFile()), false);

    writeFileSync(stateFile(), JSON.stringify(record));
    const stop = await runEda(["local", "stop"], sandbox.env);
    assert.equal(stop.code, 0);
    assert.match(stop.stdout, /was not running \(removed stale state/);
    assert.equal(existsSync(stateFile()), false);
  });

  it("selects the realistic consistency profile by flag and by EDA_LOCAL_PROFILE", async () => {
    const byFlag = await runEda(["local", "start", "--port", "0", "--profile-consistency", "realistic", "--json"], sandbox.env);
    assert.equal(byFlag.code, 0, byFlag.stderr);
    const flagged = resultOf(byFlag.stdout);
    assert.equal(flagged.profile, "realistic");
    assert.equal((await adminHealth(String(flagged.endpoint))).profile, "realistic");
    assert.equal((await runEda(["local", "stop"], sandbox.env)).code, 0);

    const byEnv = await runEda(["local", "start", "--port", "0", "--json"], { ...sandbox.env, EDA_LOCAL_PROFILE: "realistic" });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.equal((await adminHealth(String(resultOf(byEnv.stdout).endpoint))).profile, "realistic");
  });

  it("--foreground runs until SIGTERM, then closes the emulator and removes its state", async () => {
    const child = spawnEda(["local", "start", "--foreground", "--port", "0", "--json"], sandbox.env);
    const done = finished(child, { timeoutMs: 30_000, what: "eda local start --foreground" });
    const lines = createInterface({ input: child.stdout! });
    let listening: { endpoint: string; pid: number } | undefined;
    for await (const line of lines) {
      const event = JSON.parse(line) as { topic?: string; data?: { endpoint: string; pid: number } };
      if (event.topic === "emulator") {
        listening = event.data;
        break;
      }
    }
    assert.ok(listening);
    assert.equal(listening.pid, child.pid);
    assert.equal(await callerAccount(listening.endpoint), "000000000000");
    assert.equal(resultOf((await runEda(["local", "status", "--json"], sandbox.env)).stdout).pid, child.pid);

    child.kill("SIGTERM");
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(existsSync(stateFile()), false);
    await assert.rejects(fetch(`${listening.endpoint}/_eda/health`));
  });
});

describe("--local", () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(async () => {
    await sandbox.dispose();
  });

  it("starts the emulator in the background when none runs, then reuses it", async () => {
    const first = await runEda(["status", "--local", "--json"], sandbox.env);
    const events = jsonLines(first.stdout);
    const started = events.find((event) => event.type === "info" && /^started the local emulator at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)/.test(String(event.message)));
    assert.ok(started, first.stdout + first.stderr);
    assert.equal(resultOf(first.stdout).command, "status");

    const status = resultOf((await runEda(["local", "status", "--json"], sandbox.env)).stdout);
    assert.equal(status.running, true);
    assert.ok(String(started.message).includes(String(status.endpoint)));
    assert.equal(await callerAccount(String(status.endpoint)), "000000000000");

    const second = await runEda(["status", "--local", "--json"], sandbox.env);
    assert.ok(!jsonLines(second.stdout).some((event) => event.type === "info" && String(event.message).startsWith("started the local emulator")));
    assert.equal(resultOf((await runEda(["local", "status", "--json"], sandbox.env)).stdout).pid, status.pid, "the same emulator serves both");
  });
});
