/**
 * Emulator throughput, eda versus fauxqs, measured the same way in one run:
 * sequential single-message SendMessage, ReceiveMessage+DeleteMessage, and
 * S3 PutObject/GetObject of 1 KB objects, each through a real SDK v3 client.
 *
 *   npm run bench -- emulator [--count 5000] [--objects 2000]
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ensureBenchDeps, startEdaEmulator, startFauxqs, type BenchServer } from "./lib/servers.js";
import { formatTable, timeSequential, type Timed } from "./lib/stats.js";

interface Results {
  send: Timed;
  receiveDelete: Timed;
  put: Timed;
  get: Timed;
}

function clientOptions(endpoint: string) {
  return { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
}

async function measure(server: BenchServer, messages: number, objects: number): Promise<Results> {
  const sqs = new SQSClient(clientOptions(server.endpoint));
  const s3 = new S3Client({ ...clientOptions(server.endpoint), forcePathStyle: true });
  const suffix = Math.random().toString(36).slice(2, 8);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${suffix}` }));
  const body = JSON.stringify({ id: "x".repeat(64), at: new Date(0).toISOString() });

  // Warm up connections and JIT on both sides before measuring.
  for (let i = 0; i < 200; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  for (let i = 0; i < 200; i++) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
  }

  const send = await timeSequential(messages, async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  });
  const receiveDelete = await timeSequential(messages, async () => {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    const message = Messages?.[0];
    if (!message) throw new Error(`${server.name}: queue ran dry early`);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  });

  const bucket = `bench-${suffix}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const kilobyte = Buffer.alloc(1024, 7);
  const put = await timeSequential(objects, async (i) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `objects/${i}`, Body: kilobyte }));
  });
  const get = await timeSequential(objects, async (i) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `objects/${i}` }));
    await object.Body!.transformToByteArray();
  });
  sqs.destroy();
  s3.destroy();
  return { send, receiveDelete, put, get };
}

export async function runEmulatorThroughput(args: { count: number; objects: number }): Promise<void> {
  const { node22 } = ensureBenchDeps();
  const targets: [string, () => Promise<BenchServer>][] = [
    [`eda (node ${process.versions.node})`, () => startEdaEmulator(process.execPath, "eda")],
    ["eda (node 22)", () => startEdaEmulator(node22, "eda (node 22)")],
    ["fauxqs (node 22)", () => startFauxqs()],
  ];
  const results: [string, Results][] = [];
  for (const [label, start] of targets) {
    const server = await start();
    try {
      console.error(`measuring ${label} at ${server.endpoint} ...`);
      results.push([label, await measure(server, args.count, args.objects)]);
    } finally {
      await server.stop();
    }
  }
  const fauxqs = results.find(([label]) => label.startsWith("fauxqs"))![1];
  const rows = (["send", "receiveDelete", "put", "get"] as const).map((key) => {
    const name = { send: "SQS SendMessage", receiveDelete: "SQS Receive+Delete", put: "S3 PutObject 1 KB", get: "S3 GetObject 1 KB" }[key];
    return [
      `${name} (${results[0]![1][key].count})`,
      ...results.map(([, r]) => r[key].perSecond),
      ...results.filter(([l]) => l.startsWith("eda")).map(([, r]) => `${(r[key].perSecond / fauxqs[key].perSecond).toFixed(2)}x`),
    ];
  });
  console.log("\nEmulator throughput, sequential requests per second (higher is better)\n");
  console.log(
    formatTable(
      ["operation", ...results.map(([l]) => `${l} /s`), ...results.filter(([l]) => l.startsWith("eda")).map(([l]) => `${l} vs fauxqs`)],
      rows,
    ),
  );
  console.log("\nLatency p50 / p99 in ms\n");
  console.log(
    formatTable(
      ["operation", ...results.map(([l]) => l)],
      (["send", "receiveDelete", "put", "get"] as const).map((key) => [key, ...results.map(([, r]) => `${r[key].p50Ms.toFixed(2)} / ${r[key].p99Ms.toFixed(2)}`)]),
    ),
  );
}
