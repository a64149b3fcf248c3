import type { SubscribeCommandInput, SubscribeCommandOutput } from "@aws-sdk/client-sns";
import { principalArn } from "../../../policy/principal.js";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { parseQueueEndpoint } from "../arns.js";
import { requestConfirmation } from "../delivery.js";
import { invalidParameter, requireParameter } from "../errors.js";
import { requireTopic } from "../store.js";
import { SnsSubscription } from "../subscription.js";

/** Every protocol SNS knows; the emulator delivers to SQS queues only. */
const SNS_PROTOCOLS = new Set(["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"]);

/** What Subscribe answers for a subscription waiting for ConfirmSubscription. */
const PENDING = "pending confirmation";

/**
 * Subscribes an SQS queue (by ARN) to a topic. Idempotent for the same
 * endpoint when the attributes agree. Confirmation is needed only when the
 * caller does not own the queue (a topic owner subscribing another account's
 * queue): the queue then receives a SubscriptionConfirmation (aws-behaviour §3.3).
 */
export const subscribe = defineOperation<SubscribeCommandInput, SubscribeCommandOutput>({
  access: (input, ctx) => topicAccess("Subscribe", input.TopicArn, ctx),
  handle: (input, ctx) => {
    const topic = requireTopic(ctx, requireParameter(input.TopicArn, "topicArn"));
    const protocol = requireParameter(input.Protocol, "protocol");
    if (!SNS_PROTOCOLS.has(protocol)) throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
    if (protocol !== "sqs") {
      throw invalidParameter(`Protocol Reason: the eda emulator delivers to sqs subscriptions only, not ${protocol}`);
    }
    const endpoint = input.Endpoint ?? "";
    const queue = parseQueueEndpoint(endpoint);
    if (!queue) throw invalidParameter("SQS endpoint ARN");
    if (queue.name.endsWith(".fifo")) {
      throw invalidParameter("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
    }
    const attributes = input.Attributes ?? {};

    const existing = topic.findSubscription(protocol, endpoint);
    if (existing) {
      if (!existing.hasAttributes(attributes)) {
        throw invalidParameter("Attributes Reason: Subscription already exists with different attributes");
      }
      return { SubscriptionArn: existing.pendingConfirmation && !input.ReturnSubscriptionArn ? PENDING : existing.arn };
    }

    const needsConfirmation = queue.accountId !== ctx.accountId;
    const subscription = new SnsSubscription({
      arn: `${topic.arn}:${ctx.hub.random.uuid()}`,
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: ctx.accountId,
      principalArn: principalArn(ctx.principal),
      confirmationToken: needsConfirmation ? ctx.hub.random.hex(144) : undefined,
    });
    subscription.applyAttributes(attributes, "Attributes Reason: ");
    topic.add(subscription);
    if (!needsConfirmation) return { SubscriptionArn: subscription.arn };
    requestConfirmation(ctx.hub, topic, subscription);
    return { SubscriptionArn: input.ReturnSubscriptionArn ? subscription.arn : PENDING };
  },
});
