/**
 * What is left of a stack, asked with plain SDK calls (not eda's own
 * resource code). Shared by the crash/fault workloads here and the
 * lifecycle suites (see eda-process.ts for why workloads live in bench/lib).
 */
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetFunctionCommand, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsCommand } from "@aws-sdk/client-sns";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../../src/core/context.js";
import { BUILTIN_CONSUMERS, type StackConfig } from "../../../src/core/stack/config.js";

export async function remainingResources(clients: AwsClients, config: StackConfig): Promise<string[]> {
  const remaining: string[] = [];
  const exists = async (what: string, call: () => Promise<unknown>, missing: (error: unknown) => boolean) => {
    try {
      await call();
      remaining.push(what);
    } catch (error) {
      if (!missing(error)) throw error;
    }
  };
  const named = (...names: string[]) => (error: unknown) => {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return names.includes(name ?? "") || $metadata?.httpStatusCode === 404;
  };
  await exists(`bucket ${config.bucket.name}`, () => clients.s3.send(new HeadBucketCommand({ Bucket: config.bucket.name })), named("NotFound", "NoSuchBucket"));
  await exists(`topic ${config.topic.name}`, () => clients.sns.send(new GetTopicAttributesCommand({ TopicArn: config.topic.arn })), named("NotFoundException"));
  const subscriptions = await clients.sns.send(new ListSubscriptionsCommand({}));
  for (const subscription of subscriptions.Subscriptions ?? []) {
    if (subscription.TopicArn === config.topic.arn) remaining.push(`subscription ${subscription.SubscriptionArn}`);
  }
  for (const consumer of BUILTIN_CONSUMERS) {
    const names = config.consumers[consumer];
    for (const queue of [names.queue, names.deadLetterQueue]) {
      await exists(`queue ${queue}`, () => clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue })), named("QueueDoesNotExist"));
    }
    await exists(`role ${names.role}`, () => clients.iam.send(new GetRoleCommand({ RoleName: names.role })), named("NoSuchEntityException"));
    await exists(`function ${names.function}`, () => clients.lambda.send(new GetFunctionCommand({ FunctionName: names.function })), named("ResourceNotFoundException"));
    const mappings = await clients.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: names.queueArn }));
    for (const mapping of mappings.EventSourceMappings ?? []) remaining.push(`mapping ${mapping.UUID} (${mapping.State})`);
    const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: names.logGroup }));
    for (const group of groups.logGroups ?? []) if (group.logGroupName === names.logGroup) remaining.push(`log group ${names.logGroup}`);
  }
  return remaining;
}