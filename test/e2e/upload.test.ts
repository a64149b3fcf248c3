/** `eda upload` end to end against the embedded emulator, checked with plain SDK calls. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import type { StackConfig } from "../../src/core/stack/config.js";
import { assertOneErrorLine, edaArgv, finished, jsonLines, REPO_ROOT, resultOf } from "../helpers/cli.js";
import { keysUnder, type ProvingTarget, startProvingTarget } from "../helpers/proving-target.js";

describe("eda upload", () => {
  let target: ProvingTarget;
  let config: StackConfig;
  let files: string;
  const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-upload");
    files = mkdtempSync(join(tmpdir(), "eda-upload-e2e-"));
    chmodSync(files, 0o755);
  });
  after(async () => {
    rmSync(files, { recursive: true, force: true });
    await target.stop();
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(files, name);
    writeFileSync(path, content);
    return path;
  };

  it("uploads files under uploads/<prefix>/ and shows both consumers' results for each", async () => {
    const text = file("red flower.txt", "red\nflower petals\n");
    const binary = file("photo.bin", randomBytes(4096));
    const run = await target.eda(["upload", text, binary, "--prefix", "e2e run", "--stack", "prove-upload"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /uploaded .*red flower.txt -> s3:\/\/prove-upload-000000000000-us-east-1\/uploads\/e2e run\/red flower.txt \(18 B\)/);
    assert.match(run.stdout, /^inventory uploads\/e2e run\/red flower.txt: 18 B text\/plain; charset=utf-8, sha256 [0-9a-f]{12}…, 2 lines, 3 words \(done [\d.]+m?s after the S3 event\)$/m);
    assert.match(run.stdout, /^audit +uploads\/e2e run\/red flower.txt: ObjectCreated:Put at \S+/m);
    assert.match(run.stdout, /^inventory uploads\/e2e run\/photo.bin: 4.0 KiB application\/octet-stream/m);
    assert.match(run.stdout, /uploaded 2 files; both consumers processed each one \(4 results, all correct\)/);
    const head = await target.clients.s3.send(new HeadObjectCommand({ Bucket: config.bucket.name, Key: "uploads/e2e run/red flower.txt" }));
    assert.equal(head.ContentLength, 18);
  });

  it("--json: one event per upload and per result, each result checked against the SHA-256 sent; a re-upload replaces the old results", async () => {
    const path = file("notes.txt", "first version\n");
    const first = await target.eda(["upload", path, "--stack", "prove-upload", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    writeFileSync(path, "second, longer version\n");
    const second = await target.eda(["upload", path, "--stack", "prove-upload", "--json"]);
    assert.equal(second.code, 0, second.stderr);
    const lines = jsonLines(second.stdout);
    const uploaded = lines.filter((line) => line.type === "data" && line.topic === "uploaded");
    assert.equal(uploaded.length, 1);
    assert.equal((uploaded[0]!.data as { sha256: string }).sha256, sha256("second, longer version\n"));
    const results = lines.filter((line) => line.type === "data" && line.topic === "result").map((line) => line.data as Record<string, any>);
    assert.deepEqual(results.map((result) => result.consumer).sort(), ["audit", "inventory"]);
    assert.ok(results.every((result) => result.ok === true));
    const inventory = results.find((result) => result.consumer === "inventory")!;
    assert.equal(inventory.result.inventory.sha256, sha256("second, longer version\n"));
    assert.equal(inventory.result.inventory.size, 23);
    const result = resultOf(second.stdout) as Record<string, any>;
    assert.equal(result.ok, true);
    assert.deepEqual(result.missing, []);
  });

  it("--no-wait returns once the files are uploaded", async () => {
    const path = file("quick.txt", "quick\n");
    const run = await target.eda(["upload", path, "--no-wait", "--stack", "prove-upload"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /uploaded 1 file to s3:\/\/prove-upload-000000000000-us-east-1\/uploads\//);
    assert.doesNotMatch(run.stdout, /^inventory /m);
  });

  describe("refuses bad input with one line and exit 2, uploading nothing", () => {
    let good: string;
    before(() => {
      good = file("good.txt", "fine\n");
    });
    const refuses = async (args: string[], message: RegExp, run?: Promise<{ code: number | null; stdout: string; stderr: string }>) => {
      const before = await keysUnder(target.clients, config.bucket.name, "uploads/");
      const stack = args.includes("--stack") ? [] : ["--stack", "prove-upload"];
      const result = await (run ?? target.eda(["upload", ...args, ...stack]));
      assert.equal(result.code, 2, result.stderr);
      assertOneErrorLine(result, message);
      assert.deepEqual(await keysUnder(target.clients, config.bucket.name, "uploads/"), before);
    };

    it("a missing file, even next to a good one", () => refuses([good, join(files, "missing.txt")], /missing.txt does not exist/));

    it("a directory", () => {
      const directory = join(files, "folder");
      mkdirSync(directory, { recursive: true });
      return refuses([directory], /folder is a directory: eda upload takes files/);
    });

    it("a file over S3's single-put limit (sparse, 5 GiB + 1 byte)", () => {
      const path = join(files, "huge.bin");
      const fd = openSync(path, "w");
      ftruncateSync(fd, 5 * 1024 ** 3 + 1);
      closeSync(fd);
      return refuses([good, path], /huge.bin: 5.0 GiB is over S3's 5 GiB limit for a single upload: use a multipart upload/);
    });

    it("an unreadable file (for a user other than its owner)", () => {
      const path = file("secret.txt", "secret\n");
      chmodSync(path, 0o000);
      // root reads any file: run the CLI as nobody, as an ordinary user would be.
      const asNobody = process.getuid?.() === 0;
      const args = ["upload", good, path, "--stack", "prove-upload", "--endpoint-url", target.emulator.endpoint];
      const child = spawn(process.execPath, edaArgv(args), {
        cwd: REPO_ROOT,
        env: { ...target.sandbox.env, HOME: tmpdir() },
        stdio: ["ignore", "pipe", "pipe"],
        ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
      });
      return refuses([], /secret.txt cannot be read: permission denied/, finished(child, { timeoutMs: 60_000, what: `eda ${args.join(" ")}` }));
    });

    it("a stack that is not set up", () => refuses([good, "--stack", "prove-nothing"], /stack prove-nothing is not set up .*: run eda setup .*first/));
  });
});
