/**
 * The trace lines the function shim writes and `eda test`, `eda tail` and
 * `eda logs` read back. Runs inside the function too: Node built-ins only
 * (here: nothing at all).
 *
 * A line is the marker, one space and a JSON object (TraceLine). The marker
 * is one alphanumeric word, so the CloudWatch Logs filter pattern
 * `EDATRACE` selects these lines whatever the function's log format: in the
 * Text format the line follows `<time>\t<request id>\tINFO\t`, in the JSON
 * format it is the `message` string, and a plain term matches inside both.
 */

export const TRACE_MARKER = "EDATRACE";
export const TRACE_VERSION = 1;

/**
 * A CloudWatch Logs event is at most 256 KB, 26 bytes of which are overhead
 * (PutLogEvents quotas). The JSON log format escapes every quote of the line
 * again, so a line's JSON stays well under half of that.
 */
export const MAX_TRACE_JSON_BYTES = 96 * 1024;

/**
 * ok: the handler returned and did not list the record as a failure;
 * failed: the handler threw or rejected (every record of the batch);
 * reported: listed in `batchItemFailures`, or the whole batch when the
 * response cannot be read as a partial batch response (Lambda then retries all).
 */
export type TraceOutcome = "ok" | "failed" | "reported";

/** What one SQS record carried. */
export type TraceRecordKind = "s3" | "s3-test-event" | "message";

export interface TraceRecord {
  /** SQS messageId. */
  id: string;
  /** ApproximateReceiveCount of this delivery. */
  receive: number;
  kind: TraceRecordKind;
  /** Object keys of the S3 event records, decoded as S3 encodes them (`+` is a space). */
  keys: string[];
  /** The S3 event's eventTime (the earliest, if several), ms. */
  s3: number | null;
  /** The SNS envelope's Timestamp, ms (null for a message sent straight to the queue). */
  sns: number | null;
  /** SQS SentTimestamp, ms. */
  sent: number | null;
  /** SQS ApproximateFirstReceiveTimestamp, ms. */
  firstReceive: number | null;
  outcome: TraceOutcome;
}

export interface TraceError {
  type: string;
  message: string;
}

export interface TraceLine {
  v: typeof TRACE_VERSION;
  consumer: string;
  requestId: string | null;
  /** Handler start and end, ms. */
  start: number;
  end: number;
  /** Records in the batch (a large batch spans several lines: part 1..parts). */
  batch: number;
  part: number;
  parts: number;
  /** Present when the handler threw or rejected. */
  error?: TraceError;
  records: TraceRecord[];
}
