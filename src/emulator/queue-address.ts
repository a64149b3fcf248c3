/**
 * How a queue is addressed, shared by every service that sends to one (SNS,
 * S3, Lambda's pollers) and by SQS itself: the ARN arn:aws:sqs:<region>:<account>:<name>
 * and the URL <origin>/<account>/<name>, where origin is the scheme://host:port
 * the client used, so the SDK's "use the QueueUrl host as endpoint" behaviour
 * keeps traffic on the emulator.
 */
import { parseArn } from "./arn.js";
import { AwsError } from "./errors.js";

export interface QueueAddress {
  accountId: string;
  name: string;
}

export interface QueueArnParts extends QueueAddress {
  region: string;
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

export function parseQueueArn(text: string): QueueArnParts | undefined {
  const arn = parseArn(text);
  if (!arn || !/^aws[a-z-]*$/.test(arn.partition) || arn.service !== "sqs") return undefined;
  if (!/^[a-z0-9-]+$/.test(arn.region) || !/^\d{12}$/.test(arn.accountId) || !/^[^:/]+$/.test(arn.resource)) return undefined;
  return { region: arn.region, accountId: arn.accountId, name: arn.resource };
}

export function queueUrl(origin: string, accountId: string, name: string): string {
  return `${origin}/${accountId}/${name}`;
}

/** The URL a service (SNS, S3, Lambda) addresses a queue by in its internal calls to SQS. */
export function queueUrlForArn(hub: { readonly endpoint: string }, queueArnText: string): string {
  const parts = parseQueueArn(queueArnText);
  if (!parts) throw new AwsError("InvalidAddress", `The queue ARN ${queueArnText} is not valid.`);
  return queueUrl(hub.endpoint, parts.accountId, parts.name);
}
