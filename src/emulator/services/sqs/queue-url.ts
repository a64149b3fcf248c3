/**
 * How SQS reads the queue URLs clients send: only the path counts, whatever
 * host it names, and a URL is built on the origin the client used (the
 * address formats themselves are in src/emulator/queue-address.ts).
 */
import type { OperationContext } from "../service.js";
import { queueArn, queueUrl, type QueueAddress } from "../../queue-address.js";
import { queueDoesNotExist } from "./errors.js";

const QUEUE_PATH = /^\/(\d{12})\/([^/]+)\/?$/;

/** The origin queue URLs are built on: the client's for HTTP requests, the emulator's for internal calls. */
export function originFor(ctx: OperationContext): string {
  return ctx.http?.origin ?? ctx.hub.endpoint;
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
