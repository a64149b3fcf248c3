/**
 * The result object each consumer writes once per input under
 * `results/<consumer>/`. The CLI reads these to prove every hop; it imports
 * these types, so changing a field is a schema change (bump RESULT_SCHEMA).
 */

export const RESULT_SCHEMA = "eda.result/1";

export type ConsumerName = "inventory" | "audit";

/** Uploads live under this prefix; results mirror the part after it. */
export const UPLOADS_PREFIX = "uploads/";

/** Epoch milliseconds at each hop, so the CLI can show where time went. */
export interface ResultHops {
  /** S3 record `eventTime`; null for direct messages. */
  s3EventTime: number | null;
  /** SNS envelope `Timestamp`; null when the message did not come through SNS. */
  snsTimestamp: number | null;
  /** SQS `SentTimestamp`: when the message entered the queue. */
  sqsSentTimestamp: number;
  /** SQS `ApproximateFirstReceiveTimestamp`: when it was first handed to a consumer. */
  sqsFirstReceiveTimestamp: number;
  /** When this handler began working on the record. */
  handlerStart: number;
  /** When this handler finished, just before writing the result. */
  handlerEnd: number;
}

export interface InventoryFacts {
  size: number;
  contentType: string;
  /** Hex MD5 for single-part uploads, without the quotes S3 puts around it in headers. */
  eTag: string;
  /** Hex SHA-256 of the object's bytes. */
  sha256: string;
  /** Present for text: a textual content type or a body that is valid UTF-8. */
  lines?: number;
  words?: number;
}

export interface AuditFacts {
  /** As S3 names it, without the `s3:` prefix, e.g. `ObjectCreated:Put`. */
  eventName: string;
  eventTime: string;
  /** `userIdentity.principalId`; null when the event carries none. */
  principalId: string | null;
  /** `requestParameters.sourceIPAddress`; null when the event carries none. */
  sourceIp: string | null;
  /** `s3.object.sequencer`; orders events for the same key. */
  sequencer: string | null;
  /** Only for versioning-enabled buckets. */
  versionId?: string;
}

interface ResultBase {
  schema: typeof RESULT_SCHEMA;
  consumer: ConsumerName;
  /** The SQS message id of the record that produced this result. */
  messageId: string;
  /** SQS `ApproximateReceiveCount`: 1 unless the message was retried. */
  receiveCount: number;
  hops: ResultHops;
}

/** Result for an uploaded object (S3 event, normally wrapped in an SNS envelope). */
export interface ObjectResult extends ResultBase {
  source: "s3";
  bucket: string;
  /** The decoded object key, e.g. `uploads/red flower.jpg`. */
  key: string;
  inventory?: InventoryFacts;
  audit?: AuditFacts;
}

/** Result for a message sent straight to the queue (or published to the topic). */
export interface MessageResult extends ResultBase {
  source: "message";
  /** The body's string `id`, else the SQS message id. */
  id: string;
  message: { body: string };
}

export type EdaResult = ObjectResult | MessageResult;

/** Ensures a results prefix ends with exactly one `/`. */
export function normaliseResultsPrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix : `${prefix}/`;
}

export function defaultResultsPrefix(consumer: ConsumerName): string {
  return `results/${consumer}/`;
}

/**
 * `uploads/<rest>` -> `<prefix><rest>.json`. Deterministic, so a redelivered
 * event overwrites its result instead of adding a second one.
 */
export function objectResultKey(resultsPrefix: string, objectKey: string): string {
  if (!objectKey.startsWith(UPLOADS_PREFIX)) {
    throw new RangeError(`object key ${objectKey} is outside ${UPLOADS_PREFIX}`);
  }
  return `${normaliseResultsPrefix(resultsPrefix)}${objectKey.slice(UPLOADS_PREFIX.length)}.json`;
}

/** Direct message with id `<id>` -> `<prefix>messages/<id>.json`. */
export function messageResultKey(resultsPrefix: string, id: string): string {
  return `${normaliseResultsPrefix(resultsPrefix)}messages/${id}.json`;
}
