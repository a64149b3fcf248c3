/**
 * Turns one SQS record into what it carries. Three shapes reach a consumer:
 * - an SNS envelope whose `Message` is an S3 event JSON string (double-encoded);
 * - the `s3:TestEvent` S3 sends when notifications are configured (no `Records`);
 * - a plain message sent straight to the queue (any body).
 * S3 events sent to a queue without SNS, and plain messages published to the
 * topic, are understood too.
 */
import type { SQSRecord } from "aws-lambda";
import { MalformedEventError } from "./errors.js";
import { decodeS3EventKey } from "./s3-key.js";

/** One S3 event record, with the key already decoded. */
export interface S3ObjectEvent {
  bucket: string;
  key: string;
  eventName: string;
  eventTime: string;
  eventTimeMs: number;
  principalId: string | null;
  sourceIp: string | null;
  sequencer: string | null;
  versionId?: string;
}

export interface DirectMessage {
  body: string;
  /** The body's JSON string `id`, if it has a non-empty one. */
  id: string | null;
  /** The body is JSON with `"poison": true`. */
  poison: boolean;
}

export type RecordContent =
  | { kind: "objects"; snsTimestamp: number | null; events: S3ObjectEvent[] }
  | { kind: "message"; snsTimestamp: number | null; message: DirectMessage }
  | { kind: "skip"; snsTimestamp: number | null; reason: string };

/** What SQS says about the delivery itself. */
export interface SqsDelivery {
  messageId: string;
  receiveCount: number;
  sentTimestamp: number;
  firstReceiveTimestamp: number;
}

type JsonObject = Record<string, unknown>;

export function readDelivery(record: SQSRecord): SqsDelivery {
  return {
    messageId: record.messageId,
    receiveCount: numericAttribute(record, "ApproximateReceiveCount"),
    sentTimestamp: numericAttribute(record, "SentTimestamp"),
    firstReceiveTimestamp: numericAttribute(record, "ApproximateFirstReceiveTimestamp"),
  };
}

export function parseRecordBody(body: string): RecordContent {
  const json = parseJson(body);
  if (isSnsEnvelope(json)) {
    const snsTimestamp = parseTimestamp(json.Timestamp);
    // SubscriptionConfirmation / UnsubscribeConfirmation reach the queue for cross-account subscriptions.
    if (json.Type !== "Notification") return { kind: "skip", snsTimestamp, reason: `SNS ${json.Type}` };
    if (typeof json.Message !== "string") {
      throw new MalformedEventError("SNS notification envelope has no string Message");
    }
    return parsePayload(json.Message, parseJson(json.Message), snsTimestamp);
  }
  return parsePayload(body, json, null);
}

function parsePayload(text: string, json: unknown, snsTimestamp: number | null): RecordContent {
  if (isObject(json)) {
    // The test event has no Records; acknowledging it is the only correct answer.
    if (json.Event === "s3:TestEvent") return { kind: "skip", snsTimestamp, reason: "s3:TestEvent" };
    if ("Records" in json) return { kind: "objects", snsTimestamp, events: parseS3Records(json.Records) };
  }
  return { kind: "message", snsTimestamp, message: directMessage(text, json) };
}

function directMessage(body: string, json: unknown): DirectMessage {
  const id = isObject(json) && typeof json.id === "string" && json.id !== "" ? json.id : null;
  const poison = isObject(json) && json.poison === true;
  return { body, id, poison };
}

function parseS3Records(records: unknown): S3ObjectEvent[] {
  if (!Array.isArray(records) || records.length === 0) {
    throw new MalformedEventError("S3 event has no Records");
  }
  return records.map((record, index) => parseS3Record(record, index));
}

function parseS3Record(record: unknown, index: number): S3ObjectEvent {
  const where = `S3 event record ${index}`;
  if (!isObject(record)) throw new MalformedEventError(`${where} is not an object`);
  const s3 = objectAt(record, "s3");
  const bucket = stringAt(objectAt(s3, "bucket"), "name");
  const object = objectAt(s3, "object");
  const encodedKey = stringAt(object, "key");
  const eventName = stringAt(record, "eventName");
  const eventTime = stringAt(record, "eventTime");
  if (bucket === undefined || encodedKey === undefined || eventName === undefined || eventTime === undefined) {
    throw new MalformedEventError(`${where} lacks eventName, eventTime, s3.bucket.name or s3.object.key`);
  }
  const eventTimeMs = Date.parse(eventTime);
  if (Number.isNaN(eventTimeMs)) throw new MalformedEventError(`${where} has an invalid eventTime ${eventTime}`);
  let key: string;
  try {
    key = decodeS3EventKey(encodedKey);
  } catch {
    throw new MalformedEventError(`${where} has a key that is not valid URL encoding: ${encodedKey}`);
  }
  const versionId = stringAt(object, "versionId");
  return {
    bucket,
    key,
    eventName,
    eventTime,
    eventTimeMs,
    principalId: stringAt(objectAt(record, "userIdentity"), "principalId") ?? null,
    sourceIp: stringAt(objectAt(record, "requestParameters"), "sourceIPAddress") ?? null,
    sequencer: stringAt(object, "sequencer") ?? null,
    ...(versionId ? { versionId } : {}),
  };
}

function isSnsEnvelope(json: unknown): json is JsonObject & { Type: string } {
  return isObject(json) && typeof json.Type === "string" && typeof json.TopicArn === "string";
}

function numericAttribute(record: SQSRecord, name: keyof SQSRecord["attributes"]): number {
  const value = record.attributes?.[name];
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    throw new MalformedEventError(`SQS record lacks the ${name} attribute`);
  }
  return Number(value);
}

function parseTimestamp(value: unknown): number | null {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(parent: JsonObject | undefined, name: string): JsonObject | undefined {
  const value = parent?.[name];
  return isObject(value) ? value : undefined;
}

function stringAt(parent: JsonObject | undefined, name: string): string | undefined {
  const value = parent?.[name];
  return typeof value === "string" ? value : undefined;
}
