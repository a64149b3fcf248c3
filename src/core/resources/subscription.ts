/**
 * A queue's subscription to the topic. Subscriptions have no name: they are
 * found by (topic, protocol sqs, queue ARN). Deliveries must arrive as the SNS
 * envelope (RawMessageDelivery off), which is what the consumers parse. A
 * consumer's key filter is a filter policy on the message body (the S3
 * event), as AWS documents for S3 events fanned out through SNS.
 */
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type Subscription,
} from "@aws-sdk/client-sns";
import { isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type ResourceEnv, type ResourceModule } from "./resource.js";

export interface SubscriptionProps {
  topicName: string;
  topicArn: string;
  queueName: string;
  queueArn: string;
  /** Filter policy on the message body (FilterPolicyScope MessageBody); undefined = every message. */
  filterPolicy?: Record<string, unknown>;
}

export const subscription: ResourceModule<SubscriptionProps> = {
  describe: (props) => `subscription of ${props.queueName} to ${props.topicName}`,

  async read(props, env) {
    const arn = (await findSubscriptions(props, env))?.[0]?.SubscriptionArn;
    if (!arn) return absent;
    const { Attributes = {} } = await env.clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    const drift: Drift[] = [];
    if (Attributes.RawMessageDelivery === "true") {
      drift.push({
        description: "RawMessageDelivery is true, expected false (consumers parse the SNS envelope)",
        changes: [{ field: "RawMessageDelivery", current: "true", planned: "false" }],
        repair: async () => {
          await env.clients.sns.send(
            new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: "RawMessageDelivery", AttributeValue: "false" }),
          );
        },
      });
    }
    const filterProblem = filterDifference(Attributes, props);
    if (filterProblem) {
      drift.push({
        description: filterProblem,
        repair: async () => {
          const set = (AttributeName: string, AttributeValue: string) =>
            env.clients.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName, AttributeValue }));
          // An empty FilterPolicy removes it; the scope goes first so the new policy is read in its scope.
          if (props.filterPolicy) await set("FilterPolicyScope", "MessageBody");
          await set("FilterPolicy", props.filterPolicy ? JSON.stringify(props.filterPolicy) : "");
        },
      });
    }
    return present(drift, { arn });
  },

  async create(props, env) {
    await env.clients.sns.send(
      new SubscribeCommand({
        TopicArn: props.topicArn,
        Protocol: "sqs",
        Endpoint: props.queueArn,
        ReturnSubscriptionArn: true,
        ...(props.filterPolicy
          ? { Attributes: { FilterPolicyScope: "MessageBody", FilterPolicy: JSON.stringify(props.filterPolicy) } }
          : {}),
      }),
    );
  },

  async remove(props, env) {
    const arns = ((await findSubscriptions(props, env)) ?? []).map((entry) => entry.SubscriptionArn!);
    if (arns.length === 0) return "absent";
    for (const arn of arns) {
      try {
        await env.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
      } catch (error) {
        if (!isAwsError(error, "NotFoundException", "NotFound")) throw error;
      }
    }
    return "deleted";
  },
};

/** What differs between the live filter policy and the planned one, if anything. */
function filterDifference(attributes: Record<string, string>, props: SubscriptionProps): string | undefined {
  const live = attributes.FilterPolicy ? parseJson(attributes.FilterPolicy) : undefined;
  if (!props.filterPolicy) return live === undefined ? undefined : "has a filter policy the plan does not (every message should be delivered)";
  const scope = attributes.FilterPolicyScope ?? "MessageAttributes";
  if (scope !== "MessageBody") return `FilterPolicyScope is ${scope}, expected MessageBody`;
  return JSON.stringify(live) === JSON.stringify(props.filterPolicy) ? undefined : `filter policy is ${attributes.FilterPolicy ?? "unset"}, expected ${JSON.stringify(props.filterPolicy)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The topic's subscriptions of this queue, or undefined when the topic itself is gone. */
async function findSubscriptions(props: SubscriptionProps, env: ResourceEnv): Promise<Subscription[] | undefined> {
  const matches: Subscription[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await env.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: props.topicArn, NextToken: nextToken }));
      // Same-account SQS subscriptions are confirmed at once; only confirmed ones carry an ARN.
      matches.push(
        ...(page.Subscriptions ?? []).filter(
          (entry) => entry.Protocol === "sqs" && entry.Endpoint === props.queueArn && entry.SubscriptionArn?.startsWith("arn:"),
        ),
      );
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    if (isAwsError(error, "NotFoundException", "NotFound")) return undefined;
    throw error;
  }
  return matches;
}
