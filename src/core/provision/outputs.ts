/**
 * A stack's outputs: the names and addresses a user needs next (bucket,
 * topic ARN, queue and DLQ URLs, functions, log groups; on AWS, console
 * links), as CloudFormation stacks list theirs. `eda setup` ends with them;
 * `eda outputs` prints them for an existing stack, as a table, JSON, or
 * `export` lines a shell can eval so the AWS CLI and SDKs work against the
 * same stack (and, for the emulator, the same endpoint and credentials).
 */
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { LOCAL_CREDENTIALS } from "../clients.js";
import type { AwsTarget, CoreContext } from "../context.js";
import { OperationError } from "../errors.js";
import { isAwsError } from "../aws-errors.js";
import { openStack } from "../stack/open-stack.js";
import { consumersOf, type StackConfig } from "../stack/config.js";

export interface ConsumerOutputs {
  consumer: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  function: string;
  logGroup: string;
}

export interface StackOutputs {
  stack: string;
  account: string;
  region: string;
  /** The custom endpoint (emulator or --endpoint-url); absent on AWS. */
  endpoint?: string;
  bucket: string;
  topicArn: string;
  consumers: ConsumerOutputs[];
  /** AWS console pages of each resource, on AWS only. */
  console?: Record<string, string>;
}

/** Reads the queue URLs (the one part not derivable from names) and assembles the outputs. */
export async function stackOutputs(ctx: CoreContext): Promise<StackOutputs> {
  const { plan } = await openStack(ctx);
  const { config } = plan;
  const urlOf = async (queue: string): Promise<string> => {
    try {
      const { QueueUrl } = await ctx.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }), { abortSignal: ctx.signal });
      return QueueUrl ?? "";
    } catch (error) {
      if (isAwsError(error, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue")) {
        throw new OperationError(`stack ${config.stack} is not set up in account ${config.account} (${config.region}): queue ${queue} does not exist; run eda setup`);
      }
      throw error;
    }
  };
  const consumers = await Promise.all(
    consumersOf(config).map(async (consumer): Promise<ConsumerOutputs> => {
      const names = config.consumers[consumer]!;
      const [queueUrl, deadLetterQueueUrl] = await Promise.all([urlOf(names.queue), urlOf(names.deadLetterQueue)]);
      return { consumer, queueUrl, deadLetterQueueUrl, function: names.function, logGroup: names.logGroup };
    }),
  );
  const outputs: StackOutputs = {
    stack: config.stack,
    account: config.account,
    region: config.region,
    ...(ctx.target.endpoint ? { endpoint: ctx.target.endpoint } : {}),
    bucket: config.bucket.name,
    topicArn: config.topic.arn,
    consumers,
  };
  return ctx.target.endpoint ? outputs : { ...outputs, console: consoleLinks(config, consumers) };
}

/** A table a person reads: one output per line, aligned. */
export function describeOutputs(outputs: StackOutputs): string[] {
  const rows: [string, string][] = [
    ["bucket", outputs.bucket],
    ["topic", outputs.topicArn],
    ...outputs.consumers.flatMap((consumer): [string, string][] => [
      [`${consumer.consumer} queue`, consumer.queueUrl],
      [`${consumer.consumer} DLQ`, consumer.deadLetterQueueUrl],
      [`${consumer.consumer} function`, consumer.function],
      [`${consumer.consumer} logs`, consumer.logGroup],
    ]),
    ...(outputs.endpoint ? [["endpoint", outputs.endpoint] as [string, string]] : []),
    ...Object.entries(outputs.console ?? {}).map(([name, url]): [string, string] => [`console ${name}`, url]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return [`outputs of stack ${outputs.stack} (account ${outputs.account}, ${outputs.region}):`, ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`)];
}

/**
 * `export NAME='value'` lines for `eval "$(eda outputs --format env)"`. For a
 * custom endpoint AWS_ENDPOINT_URL points every AWS CLI and SDK at it (they
 * read it since botocore 1.31 / SDK v3.4xx); for the emulator its fixed
 * credentials and region come too, so nothing else needs setting.
 */
export function outputsAsEnv(outputs: StackOutputs, target: AwsTarget): string[] {
  const variables: [string, string][] = [
    ["EDA_STACK", outputs.stack],
    ["EDA_BUCKET", outputs.bucket],
    ["EDA_TOPIC_ARN", outputs.topicArn],
    ...outputs.consumers.flatMap((consumer): [string, string][] => {
      const prefix = `EDA_${consumer.consumer.toUpperCase().replace(/-/g, "_")}`;
      return [
        [`${prefix}_QUEUE_URL`, consumer.queueUrl],
        [`${prefix}_DLQ_URL`, consumer.deadLetterQueueUrl],
        [`${prefix}_FUNCTION`, consumer.function],
        [`${prefix}_LOG_GROUP`, consumer.logGroup],
      ];
    }),
  ];
  if (target.endpoint) variables.push(["AWS_ENDPOINT_URL", target.endpoint]);
  if (target.local) {
    variables.push(
      ["AWS_ACCESS_KEY_ID", LOCAL_CREDENTIALS.accessKeyId],
      ["AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIALS.secretAccessKey],
      // AWS CLI v1 reads AWS_DEFAULT_REGION; v2 and the SDKs read AWS_REGION.
      ["AWS_REGION", outputs.region],
      ["AWS_DEFAULT_REGION", outputs.region],
    );
  }
  return variables.map(([name, value]) => `export ${name}=${shellQuote(value)}`);
}

/** Single quotes keep every character literal in POSIX shells; a quote inside becomes '\''. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The console's pages for each resource, on the partition's own console domain. */
function consoleLinks(config: StackConfig, consumers: ConsumerOutputs[]): Record<string, string> {
  const domain = { "aws-cn": "console.amazonaws.cn", "aws-us-gov": "console.amazonaws-us-gov.com" }[config.partition] ?? "console.aws.amazon.com";
  const { region } = config;
  const home = (service: string) => `https://${region}.${domain}/${service}/home?region=${region}`;
  const links: Record<string, string> = {
    bucket: `https://${domain}/s3/buckets/${config.bucket.name}?region=${region}`,
    topic: `${home("sns/v3")}#/topic/${config.topic.arn}`,
  };
  for (const consumer of consumers) {
    links[`${consumer.consumer} queue`] = `${home("sqs/v3")}#/queues/${encodeURIComponent(consumer.queueUrl)}`;
    links[`${consumer.consumer} function`] = `${home("lambda")}#/functions/${consumer.function}`;
    // The CloudWatch console's fragment encodes the group name twice over ("/" -> %2F -> $252F).
    links[`${consumer.consumer} logs`] = `${home("cloudwatch")}#logsV2:log-groups/log-group/${encodeURIComponent(encodeURIComponent(consumer.logGroup)).replace(/%/g, "$")}`;
  }
  return links;
}
