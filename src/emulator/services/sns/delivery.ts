/**
 * SNS -> SQS delivery through the front door: each delivery is an SQS
 * SendMessage made as the service principal sns.amazonaws.com with the topic
 * as aws:SourceArn, so the queue policy decides, as on AWS. A refused or
 * failed delivery never reaches the publisher (aws-behaviour §3.6): it goes to
 * the subscription's dead-letter queue if one is set, else it is dropped, and
 * the emulator's log says which topic, subscription and queue and why.
 */
import type { MessageAttributeValue as SqsMessageAttributeValue, SendMessageCommandInput } from "@aws-sdk/client-sqs";
import { AwsError } from "../../errors.js";
import { servicePrincipal } from "../../policy/principal.js";
import type { ServiceHub } from "../service.js";
import { queueUrlForArn } from "../../queue-address.js";
import { parseQueueEndpoint } from "./arns.js";
import { notificationEnvelope, subscriptionConfirmationEnvelope } from "./envelope.js";
import type { Publication } from "./publication.js";
import { snsServiceState } from "./store.js";
import type { SnsSubscription } from "./subscription.js";
import type { SnsTopic } from "./topic.js";

type QueueMessage = Pick<SendMessageCommandInput, "MessageBody" | "MessageAttributes">;

/** Hands a publication to every subscription that accepts it; returns before any delivery runs. */
export function fanOut(hub: ServiceHub, topic: SnsTopic, publication: Publication): void {
  const { deliveries } = snsServiceState(hub);
  for (const subscription of topic.recipients(publication)) {
    deliveries.schedule(() => deliverPublication(hub, topic, subscription, publication));
  }
}

/** Sends the SubscriptionConfirmation a cross-account queue receives before it gets notifications. */
export function requestConfirmation(hub: ServiceHub, topic: SnsTopic, subscription: SnsSubscription): void {
  const token = subscription.confirmationToken!;
  const messageId = hub.random.uuid();
  const timestamp = hub.clock.now();
  snsServiceState(hub).deliveries.schedule(async () => {
    const body = await subscriptionConfirmationEnvelope(hub, topic, token, messageId, timestamp);
    const failure = await sendToQueue(hub, topic, subscription.endpoint, { MessageBody: body });
    if (failure) {
      hub.log({ level: "warn", message: "SNS could not send the subscription confirmation; the subscription stays pending", ...where(topic, subscription), reason: failure.reason });
    }
  });
}

/** Whatever the queue side answers, the emulator's test suites can wait for this. */
export function deliveriesSettled(hub: ServiceHub): Promise<void> {
  return snsServiceState(hub).deliveries.settled();
}

async function deliverPublication(
  hub: ServiceHub,
  topic: SnsTopic,
  subscription: SnsSubscription,
  publication: Publication,
): Promise<void> {
  const message: QueueMessage = subscription.deliversRaw
    ? { MessageBody: publication.messageFor(subscription.protocol), MessageAttributes: queueAttributes(publication) }
    : { MessageBody: await notificationEnvelope(hub, topic, subscription, publication) };
  const failure = await sendToQueue(hub, topic, subscription.endpoint, message);
  if (!failure) return;

  const deadLetterQueue = subscription.deadLetterQueue;
  if (!deadLetterQueue) {
    hub.log({ level: failure.level, message: "SNS delivery failed; the message is dropped", ...where(topic, subscription), messageId: publication.messageId, reason: failure.reason });
    return;
  }
  const deadLetterFailure = await sendToQueue(hub, topic, deadLetterQueue.arn, message);
  hub.log({
    level: deadLetterFailure ? deadLetterFailure.level : "warn",
    message: deadLetterFailure
      ? "SNS delivery failed and the dead-letter queue refused the message; the message is dropped"
      : "SNS delivery failed; the message went to the subscription's dead-letter queue",
    ...where(topic, subscription),
    messageId: publication.messageId,
    reason: failure.reason,
    deadLetterQueueArn: deadLetterQueue.arn,
    ...(deadLetterFailure ? { deadLetterReason: deadLetterFailure.reason } : {}),
  });
}

interface DeliveryFailure {
  reason: string;
  /** Refusals by the queue side are the user's to fix (warn); anything else is an emulator fault (error). */
  level: "warn" | "error";
}

async function sendToQueue(
  hub: ServiceHub,
  topic: SnsTopic,
  queueArn: string,
  message: QueueMessage,
): Promise<DeliveryFailure | undefined> {
  const queue = parseQueueEndpoint(queueArn)!;
  try {
    await hub.call({
      service: "sqs",
      operation: "SendMessage",
      input: { QueueUrl: queueUrlForArn(hub, queueArn), ...message } satisfies SendMessageCommandInput,
      principal: servicePrincipal("sns.amazonaws.com", topic.accountId, topic.arn),
      region: queue.region,
    });
    return undefined;
  } catch (error) {
    if (error instanceof AwsError) {
      return { reason: `${error.code}: ${error.message}`, level: error.fault === "Receiver" ? "error" : "warn" };
    }
    return { reason: String((error as Error)?.stack ?? error), level: "error" };
  }
}

/** Raw delivery maps SNS message attributes onto SQS message attributes of the same type. */
function queueAttributes(publication: Publication): Record<string, SqsMessageAttributeValue> | undefined {
  if (!publication.hasAttributes) return undefined;
  const attributes: Record<string, SqsMessageAttributeValue> = {};
  for (const [name, attribute] of Object.entries(publication.attributes)) {
    attributes[name] = attribute.BinaryValue
      ? { DataType: attribute.DataType, BinaryValue: attribute.BinaryValue }
      : { DataType: attribute.DataType, StringValue: attribute.StringValue };
  }
  return attributes;
}

function where(topic: SnsTopic, subscription: SnsSubscription) {
  return { service: "sns", topicArn: topic.arn, subscriptionArn: subscription.arn, queueArn: subscription.endpoint };
}
