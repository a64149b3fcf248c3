/**
 * Emulator throughput, eda versus fauxqs, measured the same way in one run:
 * sequential single-message SendMessage, ReceiveMessage+DeleteMessage, and
 * S3 PutObject/GetObject of 1 KB objects, each through a real SDK v3 client.
 *
 * Every server runs as its own process for the whole run. Each workload is
 * split into rounds that alternate between the servers, so a busy moment on
 * the machine slows every server alike instead of whichever ran then.
 *
 * With --baseline <dir>, an earlier build of eda (a copy of its dist/, kept
 * inside this checkout so it finds node_modules) runs alongside, in the same
 * alternating rounds: the fair way to compare two versions on a busy machine.
 *
 *   npm run bench -- emulator [--count 5000] [--objects 2000] [--rounds 10] [--baseline bench/.deps/before-dist]
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ensureBenchDeps, processCpuSeconds, startEdaEmulator, startFauxqs, type BenchServer } from "./lib/servers.js";
import { formatTable, timeInterleaved, type Timed } from "./lib/stats.js";
import { atLeast, recordFigure } from "./lib/summary.js";

const WORKLOADS = ["send", "receiveDelete", "put", "get"] as const;
type Workload = (typeof WORKLOADS)[number];
/** A workload's figures on one server, with the server's CPU microseconds per request (per step: receive+delete is two requests). */
type Measured = Timed & { cpuMicrosPerStep: number };
type Results = Record<Workload, Measured>;

const WORKLOAD_NAMES: Record<Workload, string> = {
  send: "SQS SendMessage",
  receiveDelete: "SQS Receive+Delete",
  put: "S3 PutObject 1 KB",
  get: "S3 GetObject 1 KB",
};

/** Requests of each kind every server answers before measuring starts (JIT and connections warm on both sides). */
const WARM_UP = 200;

function clientOptions(endpoint: string) {
  return { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
}

/** One server with its clients, queue and bucket. */
interface Target {
  label: string;
  server: BenchServer;
  sqs: SQSClient;
  s3: S3Client;
  queueUrl: string;
  bucket: string;
}

const messageBody = JSON.stringify({ id: "x".repeat(64), at: new Date(0).toISOString() });
const kilobyte = Buffer.alloc(1024, 7);

async function prepare(label: string, server: BenchServer): Promise<Target> {
  const sqs = new SQSClient(clientOptions(server.endpoint));
  const s3 = new S3Client({ ...clientOptions(server.endpoint), forcePathStyle: true });
  const suffix = Math.random().toString(36).slice(2, 8);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${suffix}` }));
  const bucket = `bench-${suffix}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const target: Target = { label, server, sqs, s3, queueUrl: QueueUrl!, bucket };
  for (let i = 0; i < WARM_UP; i++) await send(target);
  for (let i = 0; i < WARM_UP; i++) await receiveDelete(target);
  for (let i = 0; i < WARM_UP; i++) await put(target, `warm-up/${i}`);
  for (let i = 0; i < WARM_UP; i++) await get(target, `warm-up/${i}`);
  return target;
}

async function send(target: Target): Promise<void> {
  await target.sqs.send(new SendMessageCommand({ QueueUrl: target.queueUrl, MessageBody: messageBody }));
}

async function receiveDelete(target: Target): Promise<void> {
  const { Messages } = await target.sqs.send(new ReceiveMessageCommand({ QueueUrl: target.queueUrl, MaxNumberOfMessages: 1 }));
  const message = Messages?.[0];
  if (!message) throw new Error(`${target.label}: queue ran dry early`);
  await target.sqs.send(new DeleteMessageCommand({ QueueUrl: target.queueUrl, ReceiptHandle: message.ReceiptHandle }));
}

async function put(target: Target, key: string): Promise<void> {
  await target.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: kilobyte }));
}

async function get(target: Target, key: string): Promise<void> {
  const object = await target.s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
  await object.Body!.transformToByteArray();
}

/** Each workload in alternating rounds; every server's CPU time is read before and after it. */
async function measure(targets: Target[], messages: number, objects: number, rounds: number): Promise<Results[]> {
  const workloads: Record<Workload, { count: number; step: (target: Target, i: number) => Promise<void> }> = {
    send: { count: messages, step: (target) => send(target) },
    receiveDelete: { count: messages, step: (target) => receiveDelete(target) },
    put: { count: objects, step: (target, i) => put(target, `objects/${i}`) },
    get: { count: objects, step: (target, i) => get(target, `objects/${i}`) },
  };
  const results = targets.map(() => ({}) as Results);
  for (const workload of WORKLOADS) {
    const { count, step } = workloads[workload];
    const cpuBefore = targets.map((target) => processCpuSeconds(target.server.pid));
    const timed = await timeInterleaved(targets, count, rounds, step);
    targets.forEach((target, index) => {
      const cpuMicrosPerStep = ((processCpuSeconds(target.server.pid) - cpuBefore[index]!) * 1e6) / count;
      results[index]![workload] = { ...timed[index]!, cpuMicrosPerStep };
    });
  }
  return results;
}

export async function runEmulatorThroughput(args: { count: number; objects: number; rounds: number; baseline?: string }): Promise<void> {
  const { node22 } = ensureBenchDeps();
  const baseline = args.baseline;
  const starters: [string, () => Promise<BenchServer>][] = [
    ...(baseline ? [[`eda baseline (node ${process.versions.node})`, () => startEdaEmulator(process.execPath, "eda baseline", baseline)] as [string, () => Promise<BenchServer>]] : []),
    [`eda (node ${process.versions.node})`, () => startEdaEmulator(process.execPath, "eda")],
    ["eda (node 22)", () => startEdaEmulator(node22, "eda (node 22)")],
    ["fauxqs (node 22)", () => startFauxqs()],
  ];
  const targets: Target[] = [];
  try {
    for (const [label, start] of starters) {
      const server = await start();
      console.error(`warming up ${label} at ${server.endpoint} ...`);
      targets.push(await prepare(label, server));
    }
    console.error(`measuring in ${args.rounds} rounds that alternate between the servers ...`);
    const results = await measure(targets, args.count, args.objects, args.rounds);
    printResults(targets.map((t) => t.label), results);
  } finally {
    for (const target of targets) {
      target.sqs.destroy();
      target.s3.destroy();
      await target.server.stop();
    }
  }
}

function printResults(labels: string[], results: Results[]): void {
  const fauxqsIndex = labels.findIndex((label) => label.startsWith("fauxqs"));
  const fauxqs = results[fauxqsIndex]!;
  const edaIndexes = labels.flatMap((label, index) => (label.startsWith("eda") ? [index] : []));
  const rows = WORKLOADS.map((key) => [
    `${WORKLOAD_NAMES[key]} (${results[0]![key].count})`,
    ...results.map((r) => r[key].perSecond),
    ...edaIndexes.map((index) => `${(results[index]![key].perSecond / fauxqs[key].perSecond).toFixed(2)}x`),
  ]);
  console.log("\nEmulator throughput, sequential requests per second (higher is better)\n");
  console.log(
    formatTable(
      ["operation", ...labels.map((l) => `${l} /s`), ...edaIndexes.map((index) => `${labels[index]} vs fauxqs`)],
      rows,
    ),
  );
  console.log("\nServer CPU per request in microseconds (user + system of the server process; receive+delete counts both requests)\n");
  console.log(
    formatTable(
      ["operation", ...labels],
      WORKLOADS.map((key) => [key, ...results.map((r) => (key === "receiveDelete" ? r[key].cpuMicrosPerStep / 2 : r[key].cpuMicrosPerStep))]),
    ),
  );
  for (const index of edaIndexes) {
    if (labels[index]!.includes("baseline")) continue;
    for (const key of WORKLOADS) {
      const bench = "emulator";
      recordFigure({ bench, name: `${labels[index]} vs fauxqs, ${WORKLOAD_NAMES[key]}`, value: results[index]![key].perSecond / fauxqs[key].perSecond, unit: "x", goal: atLeast(1) });
    }
  }
  for (const [index, label] of labels.entries()) {
    if (label.includes("baseline") || label === "eda (node 22)") continue;
    for (const key of WORKLOADS) {
      const perRequest = key === "receiveDelete" ? results[index]![key].cpuMicrosPerStep / 2 : results[index]![key].cpuMicrosPerStep;
      recordFigure({ bench: "emulator", name: `${label} server CPU per request, ${WORKLOAD_NAMES[key]}`, value: perRequest, unit: "us" });
    }
  }
  console.log("\nLatency p50 / p99 in ms\n");
  console.log(
    formatTable(
      ["operation", ...labels],
      WORKLOADS.map((key) => [key, ...results.map((r) => `${r[key].p50Ms.toFixed(2)} / ${r[key].p99Ms.toFixed(2)}`)]),
    ),
  );
}
