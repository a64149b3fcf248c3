/**
 * SNS and SQS ARNs: topics are arn:aws:sns:<region>:<account>:<name>,
 * subscriptions add ":<uuid>", queues are arn:aws:sqs:<region>:<account>:<name>.
 */
import { parseArn } from "../../arn.js";
import { invalidParameter } from "./errors.js";

/** Standard topic names (FIFO names additionally end in .fifo). */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface TopicRef {
  arn: string;
  region: string;
  accountId: string;
  name: string;
}

export interface SubscriptionRef {
  arn: string;
  topic: TopicRef;
}

export interface QueueRef {
  arn: string;
  region: string;
  accountId: string;
  name: string;
}

export function isValidTopicName(name: string): boolean {
  return TOPIC_NAME.test(name);
}

export function topicArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

/** Parses a topic ARN; `parameter` names the request member in the error AWS returns. */
export function parseTopicArn(arn: string, parameter = "TopicArn"): TopicRef {
  const parts = arn.split(":");
  if (parts.length !== 6) {
    throw invalidParameter(
      parts.length < 6 ? `${parameter} Reason: An ARN must have at least 6 elements, not ${parts.length}` : parameter,
    );
  }
  const [prefix, partition, service, region, accountId, name] = parts as [string, string, string, string, string, string];
  if (prefix !== "arn" || partition !== "aws" || service !== "sns" || !REGION.test(region) || !ACCOUNT_ID.test(accountId) || !isValidTopicName(name)) {
    throw invalidParameter(parameter);
  }
  return { arn, region, accountId, name };
}

export function parseSubscriptionArn(arn: string): SubscriptionRef {
  const parts = arn.split(":");
  if (parts.length < 6) {
    throw invalidParameter(`SubscriptionArn Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  }
  const id = parts.length === 7 ? parts[6]! : "";
  if (parts.length !== 7 || !UUID.test(id)) throw invalidParameter("SubscriptionId");
  const topic = parseTopicArn(parts.slice(0, 6).join(":"), "SubscriptionArn");
  return { arn, topic };
}

/** An SQS endpoint of a subscription, or undefined when the text is not a queue ARN (SNS then answers "SQS endpoint ARN"). */
export function parseQueueEndpoint(text: string): QueueRef | undefined {
  const arn = parseArn(text);
  if (!arn || arn.partition !== "aws" || arn.service !== "sqs") return undefined;
  const { region, accountId, resource: name } = arn;
  if (!REGION.test(region) || !ACCOUNT_ID.test(accountId) || !/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(name)) return undefined;
  return { arn: text, region, accountId, name };
}
