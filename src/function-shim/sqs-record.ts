/**
 * What one SQS record carries, as the trace records it: the SQS delivery
 * attributes, the SNS envelope's timestamp and the S3 event's decoded keys.
 * Runs inside the function: Node built-ins only. Never throws: a record it
 * cannot read is traced as a plain message.
 */
import type { TraceRecord } from "./trace-format.js";

type Json = Record<string, unknown>;

export interface SqsRecordLike {
  messageId?: unknown;
  body?: unknown;
  attributes?: unknown;
}

export function traceRecordOf(record: SqsRecordLike): Omit<TraceRecord, "outcome"> {
  const attributes = isObject(record.attributes) ? record.attributes : {};
  const traced: Omit<TraceRecord, "outcome"> = {
    id: typeof record.messageId === "string" ? record.messageId : "",
    receive: numberOf(attributes.ApproximateReceiveCount) ?? 0,
    kind: "message",
    keys: [],
    s3: null,
    sns: null,
    sent: numberOf(attributes.SentTimestamp),
    firstReceive: numberOf(attributes.ApproximateFirstReceiveTimestamp),
  };
  let payload = parseJson(record.body);
  // SNS (raw message delivery off) wraps the S3 event as a JSON string in `Message`.
  if (isObject(payload) && typeof payload.Type === "string" && typeof payload.TopicArn === "string") {
    traced.sns = timeOf(payload.Timestamp);
    payload = parseJson(payload.Message);
  }
  if (!isObject(payload)) return traced;
  // Sent once when a notification configuration is saved; it names no object.
  if (payload.Event === "s3:TestEvent") return { ...traced, kind: "s3-test-event" };
  if (!Array.isArray(payload.Records)) return traced;
  const keys: string[] = [];
  let earliest: number | null = null;
  for (const entry of payload.Records) {
    const s3 = isObject(entry) && isObject(entry.s3) ? entry.s3 : undefined;
    const object = s3 && isObject(s3.object) ? s3.object : undefined;
    if (!object || typeof object.key !== "string") continue;
    keys.push(decodeS3EventKey(object.key));
    const time = timeOf((entry as Json).eventTime);
    if (time !== null && (earliest === null || time < earliest)) earliest = time;
  }
  if (keys.length === 0) return traced;
  return { ...traced, kind: "s3", keys, s3: earliest };
}

/**
 * S3 event keys are form-encoded: a space arrives as `+`, a `+` as `%2B`,
 * other reserved characters percent-encoded (aws-behaviour.md §2.7, the
 * event record). A key that is not valid encoding is kept as it came.
 */
export function decodeS3EventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
  } catch {
    return encoded;
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberOf(value: unknown): number | null {
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : null;
}

function timeOf(value: unknown): number | null {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}
