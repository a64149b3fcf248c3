/**
 * Everything derived from (stack, account, region): resource names, ARNs,
 * tags and the pipeline's settings. Pure (no I/O). Names are
 * deterministic, so setup, status and teardown find every resource again
 * without any local state.
 */
import { createHash } from "node:crypto";
import { validateStackName } from "./preflight.js";

/** The two consumers the topic fans out to. */
export const CONSUMERS = ["inventory", "audit"] as const;
export type Consumer = (typeof CONSUMERS)[number];

/** The tag every resource of a stack carries, so several stacks coexist in one account. */
export const STACK_TAG_KEY = "eda:stack";

export const UPLOADS_PREFIX = "uploads/";
export const RESULTS_PREFIX = "results/";

export interface ConsumerNames {
  queue: string;
  queueArn: string;
  deadLetterQueue: string;
  deadLetterQueueArn: string;
  role: string;
  roleArn: string;
  rolePolicy: string;
  function: string;
  functionArn: string;
  logGroup: string;
  /** The ARN IAM policies use for the group's streams (`…:log-group:NAME:*`). */
  logGroupStreamsArn: string;
  resultsPrefix: string;
}

/** The pipeline's tunables, chosen from AWS guidance (aws-behaviour.md §4.3, §5.8, §8). */
export interface PipelineSettings {
  functionRuntime: "nodejs22.x";
  functionHandler: "index.handler";
  functionTimeoutSeconds: number;
  functionMemoryMb: number;
  /** AWS: at least 6x the function timeout (plus the batching window), else duplicates. */
  queueVisibilityTimeoutSeconds: number;
  queueRetentionSeconds: number;
  /** Longer than the source's: a standard queue's DLQ keeps the original enqueue time. */
  deadLetterRetentionSeconds: number;
  /** AWS recommends at least 5 with Lambda so throttled receives do not dead-letter healthy messages. */
  maxReceiveCount: number;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  logRetentionDays: number;
}

export interface StackConfig {
  stack: string;
  account: string;
  region: string;
  partition: string;
  tags: Record<string, string>;
  bucket: { name: string; arn: string };
  topic: { name: string; arn: string };
  notificationId: string;
  consumers: Record<Consumer, ConsumerNames>;
  settings: PipelineSettings;
}

export const PIPELINE_SETTINGS: PipelineSettings = {
  functionRuntime: "nodejs22.x",
  functionHandler: "index.handler",
  functionTimeoutSeconds: 30,
  functionMemoryMb: 256,
  queueVisibilityTimeoutSeconds: 6 * 30,
  queueRetentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  // 5 is AWS's minimum recommendation: enough to ride out throttling, and a
  // poison message still reaches the DLQ after a few visibility timeouts.
  maxReceiveCount: 5,
  batchSize: 10,
  maximumBatchingWindowSeconds: 0,
  logRetentionDays: 14,
};

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function stackConfig(input: { stack: string; account: string; region: string }): StackConfig {
  const { account, region } = input;
  const stack = validateStackName(input.stack);
  const partition = partitionOf(region);
  const bucketName = bucketNameFor(stack, account, region);
  const topicName = `${stack}-uploads`;
  const consumerNames = (consumer: Consumer): ConsumerNames => {
    const queue = `${stack}-${consumer}`;
    const deadLetterQueue = `${stack}-${consumer}-dlq`;
    const role = `${stack}-${consumer}-role`;
    const functionName = `${stack}-${consumer}`;
    const logGroup = `/aws/lambda/${functionName}`;
    return {
      queue,
      queueArn: `arn:${partition}:sqs:${region}:${account}:${queue}`,
      deadLetterQueue,
      deadLetterQueueArn: `arn:${partition}:sqs:${region}:${account}:${deadLetterQueue}`,
      role,
      roleArn: `arn:${partition}:iam::${account}:role/${role}`,
      rolePolicy: `${stack}-${consumer}-access`,
      function: functionName,
      functionArn: `arn:${partition}:lambda:${region}:${account}:function:${functionName}`,
      logGroup,
      logGroupStreamsArn: `arn:${partition}:logs:${region}:${account}:log-group:${logGroup}:*`,
      resultsPrefix: `${RESULTS_PREFIX}${consumer}/`,
    };
  };
  return {
    stack,
    account,
    region,
    partition,
    tags: { [STACK_TAG_KEY]: stack },
    bucket: { name: bucketName, arn: `arn:${partition}:s3:::${bucketName}` },
    topic: { name: topicName, arn: `arn:${partition}:sns:${region}:${account}:${topicName}` },
    notificationId: `${stack}-uploads-to-topic`,
    consumers: { inventory: consumerNames("inventory"), audit: consumerNames("audit") },
    settings: PIPELINE_SETTINGS,
  };
}

/**
 * Bucket names are global across all accounts, so the account and region go
 * into the name: `<stack>-<account>-<region>`. When that exceeds S3's 63
 * characters (long account ids some endpoints use, long region names), the
 * account/region part is replaced by a short hash of it, keeping the name
 * unique and still starting with the stack name.
 */
export function bucketNameFor(stack: string, account: string, region: string): string {
  const full = `${stack}-${account}-${region}`.toLowerCase();
  if (full.length <= 63) return full;
  const digest = createHash("sha256").update(`${account}/${region}`).digest("hex").slice(0, 12);
  return `${stack}-${digest}`;
}
