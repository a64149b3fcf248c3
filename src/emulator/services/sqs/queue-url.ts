/**
 * Queue URLs and ARNs. URLs are `<origin>/<account>/<name>` where origin is
 * the scheme://host:port the client used, so the SDK's "use the QueueUrl host
 * as endpoint" behaviour keeps traffic on the emulator. Resolving a URL looks
 * only at its path, whatever host it names.
 */
import { parseArn } from "../../arn.js";
import type { ServiceHub } from "../service.js";
import type { OperationContext } from "../service.js";
import { AwsError } from "../../errors.js";
import { queueDoesNotExist } from "./errors.js";

export interface QueueAddress {
  accountId: string;
  name: string;
}

export interface QueueArnParts extends QueueAddress {
  region: string;
}

const QUEUE_PATH = /^\/(\d{12})\/([^/]+)\/?$/;

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

/** The origin queue URLs are built on: the client's for HTTP requests, the emulator's for internal calls. */
export function originFor(ctx: OperationContext): string {
  return ctx.http?.origin ?? ctx.emulator.endpoint;
}

/**
 * The URL other services (SNS, S3, Lambda) use to address a queue in internal
 * calls. Keep this signature stable: it is the SQS service's public interface.
 */
export function queueUrlForArn(hub: ServiceHub, queueArnText: string): string {
  const parts = parseQueueArn(queueArnText);
  if (!parts) throw new AwsError("InvalidAddress", `The queue ARN ${queueArnText} is not valid.`);
  return queueUrl(hub.endpoint, parts.accountId, parts.name);
}

/** Clients send the same few queue URLs over and over; each is parsed once. */
const parsedQueueUrls = new Map<string, Readonly<QueueAddress>>();
const MAX_PARSED_QUEUE_URLS = 1000;

/**
 * Account and name from a queue URL. AWS does not validate the URL's form: a
 * malformed one names no queue, so it is QueueDoesNotExist like a deleted
 * queue (moto's AWS-verified test_get_nonexistent_queue, getmoto/moto#3657;
 * the wording localstack test_sqs.snapshot.json "test_non_existent_queue" recorded).
 */
export function parseQueueUrl(url: string): Readonly<QueueAddress> {
  const known = parsedQueueUrls.get(url);
  if (known) return known;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw queueDoesNotExist();
  }
  const match = QUEUE_PATH.exec(path);
  if (!match) throw queueDoesNotExist();
  const address = { accountId: match[1]!, name: decodeURIComponent(match[2]!) };
  if (parsedQueueUrls.size >= MAX_PARSED_QUEUE_URLS) parsedQueueUrls.clear();
  parsedQueueUrls.set(url, address);
  return address;
}
