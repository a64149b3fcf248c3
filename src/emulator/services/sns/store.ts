/**
 * Where SNS keeps its state: topics per account and region (subscriptions
 * live on their topic), plus per-emulator delivery bookkeeping and the
 * message signer.
 */
import { ServiceState } from "../service-state.js";
import { AwsError } from "../../errors.js";
import type { ServiceHub } from "../service.js";
import type { OperationContext } from "../service.js";
import { parseSubscriptionArn, parseTopicArn, type TopicRef } from "./arns.js";
import { DeliveryTracker } from "./delivery-tracker.js";
import { invalidParameter, requireParameter, topicNotFound } from "./errors.js";
import { MessageSigner } from "./message-signer.js";
import type { SnsSubscription } from "./subscription.js";
import type { SnsTopic } from "./topic.js";

export class SnsRegionStore {
  /** Topics by name. */
  readonly topics = new Map<string, SnsTopic>();

  add(topic: SnsTopic): void {
    this.topics.set(topic.name, topic);
  }

  /** Every subscription to this account's topics in this region. */
  subscriptions(): SnsSubscription[] {
    return [...this.topics.values()].flatMap((topic) => [...topic.subscriptions.values()]);
  }
}

const regions = new ServiceState<SnsRegionStore>("SNS topics and subscriptions");
const service = new ServiceState<SnsServiceState>("SNS deliveries and signing key");

export function regionStore(hub: ServiceHub, accountId: string, region: string): SnsRegionStore {
  return regions.forRegion(hub, accountId, region, () => new SnsRegionStore());
}

export function lookupTopic(hub: ServiceHub, ref: TopicRef): SnsTopic | undefined {
  return regionStore(hub, ref.accountId, ref.region).topics.get(ref.name);
}

/** The topic an ARN names, if the ARN is a topic ARN and the topic exists (for the IAM layer). */
export function topicForArn(hub: ServiceHub, arn: string): SnsTopic | undefined {
  let ref: TopicRef;
  try {
    ref = parseTopicArn(arn);
  } catch {
    return undefined;
  }
  return lookupTopic(hub, ref);
}

/**
 * The topic a request names. A topic is only reachable in its own region
 * (clients sign for the region they call), else InvalidParameter.
 */
export function requireTopic(ctx: OperationContext, arn: string, parameter = "TopicArn"): SnsTopic {
  const ref = parseTopicArn(arn, parameter);
  if (ref.region !== ctx.region) throw invalidParameter(parameter);
  const topic = lookupTopic(ctx.hub, ref);
  if (!topic) throw topicNotFound();
  return topic;
}

/** The tagging operations name a missing topic with ResourceNotFound, not NotFound. */
export function requireTaggedTopic(ctx: OperationContext, resourceArn: string | undefined): SnsTopic {
  const topic = lookupTopic(ctx.hub, parseTopicArn(requireParameter(resourceArn, "resourceArn"), "ResourceArn"));
  if (!topic) throw new AwsError("ResourceNotFoundException", "Resource does not exist");
  return topic;
}

export function lookupSubscription(
  hub: ServiceHub,
  arn: string,
): { topic: SnsTopic; subscription: SnsSubscription } | undefined {
  const ref = parseSubscriptionArn(arn);
  const topic = lookupTopic(hub, ref.topic);
  const subscription = topic?.subscriptions.get(arn);
  return topic && subscription ? { topic, subscription } : undefined;
}

/** Per-emulator SNS machinery. */
export interface SnsServiceState {
  deliveries: DeliveryTracker;
  signer: MessageSigner;
}

export function snsServiceState(hub: ServiceHub): SnsServiceState {
  return service.global(hub, () => ({ deliveries: new DeliveryTracker(), signer: new MessageSigner(hub) }));
}
