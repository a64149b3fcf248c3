/**
 * Consumers the stack still has in AWS but the project no longer declares:
 * found by name pattern (queue `<stack>-<name>` and `<stack>-<name>-dlq`,
 * function `<stack>-<name>`, role `<stack>-<name>-role`, log group
 * `/aws/lambda/<stack>-<name>`) and kept only when the resource carries this
 * stack's `eda:stack` tag, so stack "a" never claims stack "a-b"'s consumers.
 * No local state: a consumer removed from eda.json on another machine is
 * found the same way.
 */
import { DescribeLogGroupsCommand, ListTagsForResourceCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListRolesCommand, ListRoleTagsCommand } from "@aws-sdk/client-iam";
import { ListFunctionsCommand, ListTagsCommand } from "@aws-sdk/client-lambda";
import { ListQueuesCommand, ListQueueTagsCommand } from "@aws-sdk/client-sqs";
import type { CoreContext } from "../context.js";
import { tagsFromList } from "../resources/tags.js";
import { consumersOf, STACK_TAG_KEY, type StackConfig } from "../stack/config.js";

const CONSUMER_NAME = /^[a-z][a-z0-9-]*$/;

export async function findRemovedConsumers(ctx: CoreContext, config: StackConfig): Promise<string[]> {
  const { stack } = config;
  const declared = new Set(consumersOf(config));
  const found = new Set<string>();
  const consider = async (consumer: string | undefined, tags: () => Promise<Record<string, string>>) => {
    if (consumer === undefined || declared.has(consumer) || found.has(consumer) || !CONSUMER_NAME.test(consumer)) return;
    if ((await tags())[STACK_TAG_KEY] === stack) found.add(consumer);
  };
  const nameAfter = (name: string, prefix: string, suffix = "") =>
    name.startsWith(prefix) && name.endsWith(suffix) && name.length > prefix.length + suffix.length
      ? name.slice(prefix.length, name.length - suffix.length)
      : undefined;
  const { clients, signal } = ctx;
  const options = { abortSignal: signal };

  const queues = async () => {
    let queueToken: string | undefined;
    do {
      const page = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${stack}-`, MaxResults: 1000, NextToken: queueToken }), options);
      for (const url of page.QueueUrls ?? []) {
        const name = url.slice(url.lastIndexOf("/") + 1);
        const consumer = nameAfter(name, `${stack}-`, name.endsWith("-dlq") ? "-dlq" : "");
        await consider(consumer, async () => (await clients.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }), options)).Tags ?? {});
      }
      queueToken = page.NextToken;
    } while (queueToken);
  };

  const functions = async () => {
    let functionMarker: string | undefined;
    do {
      const page = await clients.lambda.send(new ListFunctionsCommand({ Marker: functionMarker }), options);
      for (const fn of page.Functions ?? []) {
        const consumer = nameAfter(fn.FunctionName ?? "", `${stack}-`);
        await consider(consumer, async () => (await clients.lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn }), options)).Tags ?? {});
      }
      functionMarker = page.NextMarker;
    } while (functionMarker);
  };

  const roles = async () => {
    let roleMarker: string | undefined;
    do {
      const page = await clients.iam.send(new ListRolesCommand({ Marker: roleMarker }), options);
      for (const role of page.Roles ?? []) {
        const consumer = nameAfter(role.RoleName ?? "", `${stack}-`, "-role");
        await consider(consumer, async () => tagsFromList((await clients.iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }), options)).Tags));
      }
      roleMarker = page.IsTruncated ? page.Marker : undefined;
    } while (roleMarker);
  };

  const logGroups = async () => {
    let logToken: string | undefined;
    do {
      const page = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${stack}-`, nextToken: logToken }), options);
      for (const group of page.logGroups ?? []) {
        const consumer = nameAfter(group.logGroupName ?? "", `/aws/lambda/${stack}-`);
        // DescribeLogGroups gives the ARN with a trailing ":*"; tagging calls take it without.
        const arn = (group.arn ?? "").replace(/:\*$/, "");
        await consider(consumer, async () => (await clients.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }), options)).tags ?? {});
      }
      logToken = page.nextToken;
    } while (logToken);
  };

  // Four independent listings: asked at once.
  await Promise.all([queues(), functions(), roles(), logGroups()]);
  return [...found].sort();
}
