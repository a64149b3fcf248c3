/**
 * Driving the deployed pipeline from outside, as a user would with the SDK:
 * upload objects, wait for results by listing prefixes, read queue depths,
 * read the functions' log lines, and compare what came out with what went
 * in. Independent of `eda test`, so it can check eda's own verification.
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2 } from "@aws-sdk/client-lambda";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../../src/core/context.js";
import { BUILTIN_CONSUMERS, type Consumer, type StackConfig } from "../../../src/core/stack/config.js";

export interface UploadedObject {
  key: string;
  size: number;
  sha256: string;
  poisoned: boolean;
}

/** Runs `work` over `items`, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Uploads `count` objects under `uploads/<run>/`, with spaces, `+` and
 * non-ASCII in some keys (S3 event keys are form-encoded), the first
 * `poisoned` of them carrying the eda-poison marker.
 */
export async function uploadObjects(clients: AwsClients, config: StackConfig, run: string, count: number, options: { poisoned?: number; concurrency?: number } = {}): Promise<UploadedObject[]> {
  const spellings = ["plain", "with space", "a+b", "größe", "nested/deeper/leaf"];
  const objects: UploadedObject[] = Array.from({ length: count }, (_, index) => {
    const body = objectBody(run, index);
    return {
      key: `uploads/${run}/${String(index).padStart(5, "0")}-${spellings[index % spellings.length]}.txt`,
      size: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
      poisoned: index < (options.poisoned ?? 0),
    };
  });
  await eachLimited(objects, options.concurrency ?? 16, async (object, index) => {
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: config.bucket.name,
        Key: object.key,
        Body: objectBody(run, index),
        ContentType: "text/plain",
        ...(object.poisoned ? { Metadata: { "eda-poison": "1" } } : {}),
      }),
    );
  });
  return objects;
}

function objectBody(run: string, index: number): Buffer {
  return Buffer.from(`object ${index} of run ${run}\n${"payload ".repeat(index % 17)}\n`);
}

export function resultKey(config: StackConfig, consumer: Consumer, objectKey: string): string {
  return `${config.consumers[consumer].resultsPrefix}${objectKey.slice("uploads/".length)}.json`;
}

/** Every key under `prefix`, a page of 1000 at a time. */
async function listKeys(clients: AwsClients, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) keys.push(object.Key!);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function queueUrl(clients: AwsClients, name: string): Promise<string> {
  return (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

/** Messages waiting plus in flight plus delayed. */
export async function queueDepth(clients: AwsClients, name: string): Promise<number> {
  const { Attributes = {} } = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: await queueUrl(clients, name),
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
    }),
  );
  return Object.values(Attributes).reduce((sum, value) => sum + Number(value), 0);
}

/**
 * Shortens the queues' visibility timeout so failed records come back in
 * seconds instead of the planned 180 s: the same redelivery semantics, in a
 * test's time budget.
 */
export async function shortenVisibility(clients: AwsClients, config: StackConfig, seconds: number): Promise<void> {
  for (const consumer of BUILTIN_CONSUMERS) {
    await clients.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: await queueUrl(clients, config.consumers[consumer].queue), Attributes: { VisibilityTimeout: String(seconds) } }),
    );
  }
}

/** Sets one environment variable on both functions (UpdateFunctionConfiguration) and waits for the update. */
export async function setFunctionVariable(clients: AwsClients, config: StackConfig, name: string, value: string): Promise<void> {
  for (const consumer of BUILTIN_CONSUMERS) {
    const functionName = config.consumers[consumer].function;
    const current = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    await clients.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: { ...current.Environment?.Variables, [name]: value } } }),
    );
    await waitUntilFunctionUpdatedV2({ client: clients.lambda, maxWaitTime: 60 }, { FunctionName: functionName });
  }
}

export interface ResultCheck {
  /** Objects without a result, per consumer. */
  missing: Record<Consumer, string[]>;
  /** Result keys no uploaded object explains. */
  extra: Record<Consumer, string[]>;
}

/** Compares the results under each consumer's `<prefix><run>/` with the objects that should have one. */
export async function checkResultKeys(clients: AwsClients, config: StackConfig, run: string, expected: readonly UploadedObject[]): Promise<ResultCheck> {
  const check: ResultCheck = { missing: { inventory: [], audit: [] }, extra: { inventory: [], audit: [] } };
  for (const consumer of BUILTIN_CONSUMERS) {
    const found = new Set(await listKeys(clients, config.bucket.name, `${config.consumers[consumer].resultsPrefix}${run}/`));
    const wanted = new Set(expected.map((object) => resultKey(config, consumer, object.key)));
    check.missing[consumer] = [...wanted].filter((key) => !found.has(key));
    check.extra[consumer] = [...found].filter((key) => !wanted.has(key));
  }
  return check;
}

/** Polls the result listings until every expected result of `consumers` (default both) exists, or time runs out. */
export async function waitForResults(
  clients: AwsClients,
  config: StackConfig,
  run: string,
  expected: readonly UploadedObject[],
  options: { timeoutMs: number; whileWaiting?: (check: ResultCheck) => Promise<void>; consumers?: readonly Consumer[] },
): Promise<ResultCheck> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const check = await checkResultKeys(clients, config, run, expected);
    const done = (options.consumers ?? BUILTIN_CONSUMERS).every((consumer) => check.missing[consumer].length === 0);
    if (done || Date.now() > deadline) return check;
    await options.whileWaiting?.(check);
    await sleep(500);
  }
}

/** Reads each result and checks it describes its object: key, size and SHA-256 (inventory), the creating event (audit). */
export async function checkResultContents(clients: AwsClients, config: StackConfig, objects: readonly UploadedObject[]): Promise<string[]> {
  const problems: string[] = [];
  const pairs = objects.flatMap((object) => BUILTIN_CONSUMERS.map((consumer) => ({ object, consumer })));
  await eachLimited(pairs, 32, async ({ object, consumer }) => {
    const key = resultKey(config, consumer, object.key);
    const body = await (await clients.s3.send(new GetObjectCommand({ Bucket: config.bucket.name, Key: key }))).Body!.transformToString();
    const result = JSON.parse(body) as { key?: string; consumer?: string; inventory?: { size: number; sha256: string }; audit?: { eventName: string } };
    if (result.key !== object.key || result.consumer !== consumer) problems.push(`${key}: describes ${result.consumer} ${result.key}`);
    if (consumer === "inventory" && (result.inventory?.size !== object.size || result.inventory?.sha256 !== object.sha256)) {
      problems.push(`${key}: size ${result.inventory?.size} sha256 ${result.inventory?.sha256}, uploaded ${object.size} ${object.sha256}`);
    }
    if (consumer === "audit" && !result.audit?.eventName.startsWith("ObjectCreated:")) problems.push(`${key}: event ${result.audit?.eventName}`);
  });
  return problems;
}

export interface ConsumerLogLine {
  consumer: string;
  outcome: "processed" | "skipped" | "failed";
  messageId: string;
  receiveCount: number;
  key?: string;
  reason?: string;
}

/** The consumer's own JSON log lines (one per input and attempt), from its CloudWatch Logs group. */
export async function consumerLogLines(clients: AwsClients, config: StackConfig, consumer: Consumer): Promise<ConsumerLogLine[]> {
  const lines: ConsumerLogLine[] = [];
  let token: string | undefined;
  do {
    const page = await clients.logs.send(new FilterLogEventsCommand({ logGroupName: config.consumers[consumer].logGroup, nextToken: token }));
    for (const event of page.events ?? []) {
      // Lambda's text format: "<time>\t<request id>\tINFO\t<message>"; the consumers print one JSON object.
      const json = event.message?.slice(event.message.indexOf("{"));
      if (!json?.startsWith("{")) continue;
      try {
        const line = JSON.parse(json) as ConsumerLogLine;
        if (line.outcome) lines.push(line);
      } catch {
        // a platform line or another program's output
      }
    }
    token = page.nextToken;
  } while (token);
  return lines;
}

/** How many times each key was processed, from the log lines. */
export function processedCounts(lines: readonly ConsumerLogLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) if (line.outcome === "processed" && line.key) counts.set(line.key, (counts.get(line.key) ?? 0) + 1);
  return counts;
}
