/**
 * The deployed pipeline a proving command works with: the stack's names for
 * this account and region (config.ts), checked to exist before
 * anything is sent, so a stack that is not set up is one clear line
 * ("run eda setup first", exit 2) and nothing is uploaded.
 */
import { ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { edaCommand } from "../command-line.js";
import type { CoreContext } from "../context.js";
import { OperationError, UsageError } from "../errors.js";
import { httpStatus, isAwsError } from "../aws-errors.js";
import { consumersOf, stackConfig, type Consumer, type StackConfig } from "./config.js";
import type { BucketAccess } from "../observe/results.js";

export interface ConsumerQueues {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
}

export interface Pipeline {
  config: StackConfig;
  bucket: BucketAccess;
  queues: Record<Consumer, ConsumerQueues>;
}

export interface OpenPipelineOptions {
  /** Also require each consumer's event source mapping (commands that wait for results). */
  mappings?: boolean;
}

/** The stack's names for the caller's account and region; reads nothing else. */
export async function stackFor(ctx: CoreContext): Promise<StackConfig> {
  const identity = await ctx.clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
  return stackConfig({ stack: ctx.stack, account: identity.Account ?? "", region: ctx.target.region, consumers: ctx.consumers });
}

export async function openPipeline(ctx: CoreContext, options: OpenPipelineOptions = {}): Promise<Pipeline> {
  const config = await stackFor(ctx);
  const bucket: BucketAccess = { s3: ctx.clients.s3, bucket: config.bucket.name, owner: config.account };
  // Everything is checked at once; the first problem in this order is reported (a missing bucket says more than a missing mapping).
  const consumers = consumersOf(config);
  const queueChecks = consumers.map((consumer) => consumerQueues(ctx, config, consumer));
  const settled = await Promise.allSettled<unknown>([
    checkBucket(ctx, config),
    ...queueChecks,
    ...(options.mappings ? consumers.map((consumer) => checkMapping(ctx, config, consumer)) : []),
  ]);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure) throw failure.reason;
  const queues = await Promise.all(queueChecks);
  return {
    config,
    bucket,
    queues: Object.fromEntries(consumers.map((consumer, index) => [consumer, queues[index]!])) as Record<Consumer, ConsumerQueues>,
  };
}

export function notSetUp(ctx: Pick<CoreContext, "stack" | "target">, config: StackConfig, what: string): UsageError {
  return new UsageError(`stack ${config.stack} is not set up in account ${config.account} (${config.region}): ${what}: run ${edaCommand(ctx, "setup")} first`);
}

async function checkBucket(ctx: CoreContext, config: StackConfig): Promise<void> {
  try {
    await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: config.bucket.name, ExpectedBucketOwner: config.account }), { abortSignal: ctx.signal });
  } catch (error) {
    if (isAwsError(error, "NotFound", "NoSuchBucket")) throw notSetUp(ctx, config, `bucket ${config.bucket.name} does not exist`);
    if (httpStatus(error) === 403) {
      throw new OperationError(`bucket ${config.bucket.name} is not accessible as account ${config.account}: it belongs to another account, or your credentials may not read it`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function queueUrl(ctx: CoreContext, config: StackConfig, name: string): Promise<string> {
  try {
    const { QueueUrl } = await ctx.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: config.account }), {
      abortSignal: ctx.signal,
    });
    return QueueUrl!;
  } catch (error) {
    if (isAwsError(error, "QueueDoesNotExist")) throw notSetUp(ctx, config, `queue ${name} does not exist`);
    throw error;
  }
}

async function consumerQueues(ctx: CoreContext, config: StackConfig, consumer: Consumer): Promise<ConsumerQueues> {
  const names = config.consumers[consumer];
  const [url, deadLetterUrl] = await Promise.all([queueUrl(ctx, config, names.queue), queueUrl(ctx, config, names.deadLetterQueue)]);
  return { queueUrl: url, queueArn: names.queueArn, deadLetterQueueUrl: deadLetterUrl, deadLetterQueueArn: names.deadLetterQueueArn };
}

/** The consumer runs only while its queue's mapping exists and is enabled. */
async function checkMapping(ctx: CoreContext, config: StackConfig, consumer: Consumer): Promise<void> {
  const names = config.consumers[consumer];
  const mappings = await ctx.clients.lambda
    .send(new ListEventSourceMappingsCommand({ EventSourceArn: names.queueArn, FunctionName: names.function }), { abortSignal: ctx.signal })
    .then(
      (page) => page.EventSourceMappings ?? [],
      (error: unknown) => {
        if (isAwsError(error, "ResourceNotFoundException")) throw notSetUp(ctx, config, `function ${names.function} does not exist`);
        throw error;
      },
    );
  if (mappings.length === 0) throw notSetUp(ctx, config, `function ${names.function} has no event source mapping from queue ${names.queue}`);
  const state = mappings[0]!.State;
  // Creating and Enabling become Enabled on their own; anything else means nothing will be consumed.
  if (state !== "Enabled" && state !== "Creating" && state !== "Enabling" && state !== "Updating") {
    throw new UsageError(`the event source mapping from ${names.queue} to ${names.function} is ${state}: run ${edaCommand(ctx, "setup")} to enable it`);
  }
}
