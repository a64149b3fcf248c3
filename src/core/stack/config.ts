/**
 * Everything derived from (stack, account, region): resource names, ARNs,
 * tags and the pipeline's settings. Pure (no I/O). Names are
 * deterministic, so setup, status and teardown find every resource again
 * without any local state.
 */
import { createHash } from "node:crypto";
import { validateStackName } from "../preflight.js";

/** The built-in consumers the topic fans out to when no project file defines consumers. */
export const BUILTIN_CONSUMERS = ["inventory", "audit"] as const;
/** A consumer's name: lowercase letters, digits and hyphens (see src/core/project). */
export type Consumer = string;

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

/** The stack-wide tunables, chosen from AWS guidance (aws-behaviour.md §4.3, §5.8, §8). */
export interface PipelineSettings {
  functionRuntime: "nodejs22.x";
  functionHandler: "index.handler";
  queueRetentionSeconds: number;
  /** Longer than the source's: a standard queue's DLQ keeps the original enqueue time. */
  deadLetterRetentionSeconds: number;
  maximumBatchingWindowSeconds: number;
  logRetentionDays: number;
}

/** A consumer's own tunables (defaults: CONSUMER_DEFAULTS; a project file may set each). */
export interface ConsumerSettings {
  functionTimeoutSeconds: number;
  functionMemoryMb: number;
  /** AWS: at least 6x the function timeout (plus the batching window), else duplicates. */
  queueVisibilityTimeoutSeconds: number;
  /** AWS recommends at least 5 with Lambda so throttled receives do not dead-letter healthy messages. */
  maxReceiveCount: number;
  batchSize: number;
}

/** Where a consumer's code comes from. */
export type ConsumerCode =
  /** One of eda's own consumers, bundled into dist/handlers/<name>/ by `npm run build`. */
  | { kind: "builtin" }
  /** A project's handler: `entry` is an absolute path to a .ts, .js or .mjs file exporting `exportName`. */
  | { kind: "project"; projectRoot: string; entry: string; exportName: string };

/** A consumer as the stack uses it: everything a project file declares, defaults filled in. */
export interface ConsumerSpec {
  name: Consumer;
  code: ConsumerCode;
  settings: ConsumerSettings;
  /** Extra environment variables for the function (the EDA_* ones are eda's). */
  environment: Record<string, string>;
  /** Which uploads reach this consumer: key prefix (under uploads/) and suffix; empty = all. */
  filter: { prefix?: string; suffix?: string };
  /** Bucket key prefixes the function may read and write ("uploads/", "results/thumbs/"). */
  permissions: { read: string[]; write: string[] };
  /** Raw IAM statements appended to the execution role's policy. */
  statements: unknown[];
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
  /** Every consumer's resource names, keyed by consumer name, in the project's order. */
  consumers: Record<Consumer, ConsumerNames>;
  /** Every consumer's declared code, settings, filter and permissions, keyed like `consumers`. */
  consumerSpecs: Record<Consumer, ConsumerSpec>;
  settings: PipelineSettings;
}

export const PIPELINE_SETTINGS: PipelineSettings = {
  functionRuntime: "nodejs22.x",
  functionHandler: "index.handler",
  queueRetentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  maximumBatchingWindowSeconds: 0,
  logRetentionDays: 14,
};

export const CONSUMER_DEFAULTS: ConsumerSettings = {
  functionTimeoutSeconds: 30,
  functionMemoryMb: 256,
  queueVisibilityTimeoutSeconds: 6 * 30,
  // 5 is AWS's minimum recommendation: enough to ride out throttling, and a
  // poison message still reaches the DLQ after a few visibility timeouts.
  maxReceiveCount: 5,
  batchSize: 10,
};

/** The visibility timeout AWS advises for a function timeout: six times it. */
export function visibilityTimeoutFor(functionTimeoutSeconds: number): number {
  return 6 * functionTimeoutSeconds;
}

/** eda's own pair: read uploads, write their own results prefix. */
export function builtinConsumerSpec(name: (typeof BUILTIN_CONSUMERS)[number]): ConsumerSpec {
  return {
    name,
    code: { kind: "builtin" },
    settings: CONSUMER_DEFAULTS,
    environment: {},
    filter: {},
    permissions: { read: [UPLOADS_PREFIX], write: [`${RESULTS_PREFIX}${name}/`] },
    statements: [],
  };
}

export const BUILTIN_CONSUMER_SPECS: readonly ConsumerSpec[] = BUILTIN_CONSUMERS.map(builtinConsumerSpec);

/**
 * A consumer the stack has in AWS but the project no longer declares: only
 * its name matters (every resource name derives from it), to delete it.
 */
export function removedConsumerSpec(name: Consumer): ConsumerSpec {
  return { name, code: { kind: "builtin" }, settings: CONSUMER_DEFAULTS, environment: {}, filter: {}, permissions: { read: [], write: [] }, statements: [] };
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function stackConfig(input: { stack: string; account: string; region: string; consumers?: readonly ConsumerSpec[] }): StackConfig {
  const specs = input.consumers ?? BUILTIN_CONSUMER_SPECS;
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
    consumers: Object.fromEntries(specs.map((spec) => [spec.name, consumerNames(spec.name)])),
    consumerSpecs: Object.fromEntries(specs.map((spec) => [spec.name, spec])),
    settings: PIPELINE_SETTINGS,
  };
}

/** The stack's consumer names, in the project's order. */
export function consumersOf(config: StackConfig): Consumer[] {
  return Object.keys(config.consumers);
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
