/**
 * Lambda in the emulator: warm invocations per second of a no-op function,
 * and messages per second through one SQS -> Lambda event source mapping with
 * batch size 10, and how soon a new mapping's function answers its first
 * message (the demo's first result: new functions, a message sent as soon as
 * the mapping is Enabled; p50 of three). The emulator runs as
 * `eda local start --foreground` does.
 *
 * Then the built-in consumers (dist/handlers: inventory and audit, as `eda
 * setup` deploys them) on objects in the emulator's S3: the CPU their
 * execution environments' processes use (Linux: read from /proc), for the
 * first object of a new environment (cold start: process start, handler
 * load, first SDK calls) and per object once warm, each invoked with SQS
 * batches of 10 records (--consumer-batch-size) carrying S3 events in SNS
 * envelopes, both consumers for every object. Goal: both together at most
 * 3 ms of CPU per object. Smaller batches cost more per object: each
 * invocation has its own share (the runtime's round trips, waking the
 * process), which the no-op function's CPU per invocation shows.
 *
 *   npm run bench -- lambda [--invocations 500] [--messages 5000] [--consumer-objects 1000] [--consumer-batch-size 10]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  InvokeCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CONSUMER_DEFAULTS } from "../src/core/stack/config.js";
import { encodeS3EventKey, s3EventJson, s3EventRecord, snsEnvelope, sqsEvent, sqsRecord } from "./lib/workloads/lambda-events.js";
import { writeZip } from "./lib/workloads/zip-writer.js";
import { functionProcessesCpuSeconds, startEdaEmulator, type BenchServer } from "./lib/servers.js";
import { formatTable, timeSequential } from "./lib/stats.js";
import { atMost, recordFigure } from "./lib/summary.js";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const NOOP = "export const handler = async (event) => ({ ok: true, records: event.Records?.length ?? 0 });\n";

export async function runLambdaThroughput(args: { invocations: number; messages: number; consumerObjects: number; consumerBatchSize: number }): Promise<void> {
  const server = await startEdaEmulator();
  const config = { endpoint: server.endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const sqs = new SQSClient(config);
  try {
    // First, while nothing else has run: the consumers' CPU.
    await measureConsumerCpu(server, args.consumerObjects, args.consumerBatchSize);

    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "bench-noop", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "bench-lambda", Attributes: { VisibilityTimeout: "60" } }));
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:bench-lambda`;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "bench-noop",
        PolicyName: "queue",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: queueArn }],
        }),
      }),
    );
    const zip = writeZip([{ name: "index.mjs", data: Buffer.from(NOOP) }]);
    for (const name of ["bench-invoke", "bench-mapped"]) {
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: Role!.Arn, Handler: "index.handler", Code: { ZipFile: zip }, Timeout: 10 }),
      );
    }

    // Warm one execution environment, then measure sequential invocations.
    for (let i = 0; i < 20; i++) await lambda.send(new InvokeCommand({ FunctionName: "bench-invoke", Payload: Buffer.from("{}") }));
    const noopCpuBefore = functionProcessesCpuSeconds(server.pid, "bench-invoke");
    const invokes = await timeSequential(args.invocations, async () => {
      const result = await lambda.send(new InvokeCommand({ FunctionName: "bench-invoke", Payload: Buffer.from("{}") }));
      if (result.FunctionError) throw new Error(`invocation failed: ${Buffer.from(result.Payload!).toString()}`);
    });
    // The runtime's own share of every invocation: Runtime API round trips and the rest of the loop.
    const noopCpuMs = ((functionProcessesCpuSeconds(server.pid, "bench-invoke") - noopCpuBefore) * 1000) / args.invocations;

    // Fill the queue first, then time how long the mapping takes to drain it.
    for (let sent = 0; sent < args.messages; sent += 10) {
      const entries = Array.from({ length: Math.min(10, args.messages - sent) }, (_, i) => ({ Id: String(i), MessageBody: `m${sent + i}` }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    }
    const started = performance.now();
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: "bench-mapped", EventSourceArn: queueArn, BatchSize: 10 }),
    );
    for (;;) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
      );
      if (Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible) === 0) break;
      if (performance.now() - started > 120_000) throw new Error("the mapping did not drain the queue within 120 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    const drainSeconds = (performance.now() - started) / 1000;
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID }));

    // A new function and mapping, one message as soon as the mapping is Enabled: how long until it is processed.
    const firstResults: number[] = [];
    for (let run = 0; run < 3; run++) {
      const name = `bench-first-${run}`;
      const { QueueUrl: firstQueue } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "60" } }));
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: "bench-noop",
          PolicyName: name,
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}` }],
          }),
        }),
      );
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: Role!.Arn!, Handler: "index.handler", Code: { ZipFile: zip }, Timeout: 10 }),
      );
      const { UUID: firstMapping } = await lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, BatchSize: 10 }),
      );
      while ((await lambda.send(new GetEventSourceMappingCommand({ UUID: firstMapping }))).State !== "Enabled") await new Promise((r) => setTimeout(r, 10));
      const sentAt = performance.now();
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: firstQueue, Entries: [{ Id: "0", MessageBody: "first" }] }));
      for (;;) {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: firstQueue, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
        );
        if (Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible) === 0) break;
        if (performance.now() - sentAt > 60_000) throw new Error("the first message was not processed within 60 s");
        await new Promise((r) => setTimeout(r, 10));
      }
      firstResults.push(performance.now() - sentAt);
    }
    const firstP50 = [...firstResults].sort((a, b) => a - b)[1]!;

    console.log(`\nLambda in the emulator (a warm no-op invocation costs its process ${noopCpuMs.toFixed(2)} ms of CPU)\n`);
    console.log(
      formatTable(
        ["measurement", "count", "per second", "p50 ms", "p99 ms"],
        [
          ["warm Invoke, no-op function (sequential)", invokes.count, invokes.perSecond, invokes.p50Ms, invokes.p99Ms],
          [`SQS -> Lambda mapping, batch size ${mapping.BatchSize}`, args.messages, args.messages / drainSeconds, "-", "-"],
          ["new mapping: first message processed", firstResults.length, "-", firstP50, Math.max(...firstResults)],
        ],
      ),
    );
  } finally {
    iam.destroy();
    lambda.destroy();
    sqs.destroy();
    await server.stop();
  }
}

const CONSUMERS = ["inventory", "audit"] as const;
const CONSUMER_BUCKET = "bench-consumers";

/**
 * The consumers' CPU: a cold start (their first object, in new execution
 * environments) and then `objects` objects in batches, both consumers on
 * each. Prints a table and records the warm figure beside its goal.
 */
async function measureConsumerCpu(server: BenchServer, objects: number, batchSize: number): Promise<void> {
  const config = { endpoint: server.endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const functionName = (consumer: string) => `bench-consumer-${consumer}`;
  const cpuMs = (consumer: string) => functionProcessesCpuSeconds(server.pid, functionName(consumer)) * 1000;
  try {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "bench-consumers", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "bench-consumers",
        PolicyName: "objects-and-logs",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${CONSUMER_BUCKET}/*` },
            { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" },
          ],
        }),
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: CONSUMER_BUCKET }));
    // A small text object, as `eda test` uploads: the inventory hashes it and counts its lines and words.
    const body = Buffer.from(Array.from({ length: 16 }, (_, line) => `line ${line} of a benchmark object, some words to count\n`).join(""));
    const keys = Array.from({ length: objects + 1 }, (_, i) => `uploads/bench-${String(i).padStart(6, "0")}.txt`);
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: CONSUMER_BUCKET, Key: key, Body: body, ContentType: "text/plain" }));

    for (const consumer of CONSUMERS) {
      const bundle = readFileSync(fileURLToPath(new URL(`../dist/handlers/${consumer}/index.mjs`, import.meta.url)));
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: functionName(consumer),
          Runtime: "nodejs22.x",
          Role: Role!.Arn!,
          Handler: "index.handler",
          Code: { ZipFile: writeZip([{ name: "index.mjs", data: bundle }]) },
          Timeout: CONSUMER_DEFAULTS.functionTimeoutSeconds,
          MemorySize: CONSUMER_DEFAULTS.functionMemoryMb,
          Environment: { Variables: { EDA_BUCKET: CONSUMER_BUCKET, EDA_CONSUMER: consumer } },
        }),
      );
    }
    // One SQS record as the mapping delivers it: an SNS notification envelope around an S3 ObjectCreated event.
    const record = (key: string) =>
      sqsRecord(snsEnvelope(s3EventJson(s3EventRecord({ bucket: CONSUMER_BUCKET, encodedKey: encodeS3EventKey(key), size: body.length }))));
    const invokeBoth = (batch: readonly string[]) =>
      Promise.all(
        CONSUMERS.map(async (consumer) => {
          const event = sqsEvent(...batch.map(record));
          const output = await lambda.send(new InvokeCommand({ FunctionName: functionName(consumer), Payload: JSON.stringify(event) }));
          const payload = Buffer.from(output.Payload ?? []).toString();
          const failures = output.FunctionError ? undefined : (JSON.parse(payload) as { batchItemFailures?: unknown[] }).batchItemFailures;
          if (output.FunctionError || (failures && failures.length > 0)) throw new Error(`${consumer} failed: ${payload}`);
        }),
      );

    // Cold: new environments, one object each.
    await invokeBoth(keys.slice(0, 1));
    const cold = Object.fromEntries(CONSUMERS.map((consumer) => [consumer, cpuMs(consumer)])) as Record<(typeof CONSUMERS)[number], number>;
    // Warm: the rest, a batch at a time, both consumers at once.
    for (let start = 1; start < keys.length; start += batchSize) await invokeBoth(keys.slice(start, start + batchSize));
    const warm = Object.fromEntries(CONSUMERS.map((consumer) => [consumer, (cpuMs(consumer) - cold[consumer]) / objects])) as Record<
      (typeof CONSUMERS)[number],
      number
    >;
    const coldBoth = cold.inventory + cold.audit;
    const warmBoth = warm.inventory + warm.audit;

    console.log(`\nBuilt-in consumers' CPU (their execution environments' processes), ${objects} objects in batches of ${batchSize}\n`);
    console.log(
      formatTable(
        ["consumer", "cold start ms (first object)", "warm ms per object"],
        [...CONSUMERS.map((consumer) => [consumer, cold[consumer], warm[consumer]]), ["both", coldBoth, warmBoth]],
      ),
    );
    recordFigure({ bench: "lambda", name: `consumers' warm CPU per object (inventory + audit, batches of ${batchSize})`, value: warmBoth, unit: "ms", goal: atMost(3) });
    recordFigure({ bench: "lambda", name: "consumers' cold start CPU (inventory + audit)", value: coldBoth, unit: "ms" });
  } finally {
    iam.destroy();
    lambda.destroy();
    s3.destroy();
  }
}
