/**
 * The tracing shim eda wraps around every project handler at bundle time
 * (src/core/packaging/traced-entry.ts). It runs inside the function and
 * imports Node built-ins only (here: none), so it adds nothing to the
 * function's dependencies and makes no AWS calls.
 *
 * For an SQS batch it writes one trace line per batch (several when the
 * batch is large) through the function's normal log output: per record the
 * object keys, the hop timestamps and the outcome (trace-format.ts). The
 * user's handler sees the same event and context, and its result or error
 * is passed on unchanged: a rejected handler is rethrown after tracing.
 * Anything else (a direct invocation with another event) is passed through
 * untraced.
 */
import { reportedFailures } from "./batch-response.js";
import { traceRecordOf, type SqsRecordLike } from "./sqs-record.js";
import { MAX_TRACE_JSON_BYTES, TRACE_MARKER, TRACE_VERSION, type TraceError, type TraceLine, type TraceRecord } from "./trace-format.js";

type Callback = (error?: unknown, result?: unknown) => void;
export type UserHandler = (event: unknown, context: unknown, callback: Callback) => unknown;

export interface TraceOptions {
  /** The consumer's name, as in the project file. */
  consumer: string;
  /** Where lines go; console.log by default, which Lambda sends to the function's log group. */
  log?: (line: string) => void;
  now?: () => number;
}

/** An error's message is cut to this many characters in the trace. */
const MAX_ERROR_MESSAGE = 1000;

export function traced(userHandler: UserHandler, options: TraceOptions): (event: unknown, context: unknown) => Promise<unknown> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  return async function handler(event: unknown, context: unknown): Promise<unknown> {
    const records = sqsRecordsOf(event);
    if (!records) return invoke(userHandler, event, context);
    const start = now();
    let result: unknown;
    try {
      result = await invoke(userHandler, event, context);
    } catch (error) {
      writeTrace(log, options.consumer, context, records, { start, end: now(), error: traceErrorOf(error) });
      throw error;
    }
    writeTrace(log, options.consumer, context, records, { start, end: now(), result });
    return result;
  };
}

/**
 * Calls the handler as Lambda's Node.js runtime does: a returned promise
 * decides the outcome; otherwise a handler taking a callback decides it by
 * calling the callback, and any other return value is ignored (the
 * invocation succeeds with null).
 */
function invoke(userHandler: UserHandler, event: unknown, context: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback: Callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    try {
      const returned = userHandler(event, context, callback);
      if (isThenable(returned)) {
        settled = true;
        Promise.resolve(returned).then(resolve, reject);
      } else if (userHandler.length < 3) {
        settled = true;
        resolve(null);
      }
    } catch (error) {
      settled = true;
      reject(error);
    }
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function sqsRecordsOf(event: unknown): SqsRecordLike[] | undefined {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  const sqs = records.every((record) => typeof record === "object" && record !== null && (record as { eventSource?: unknown }).eventSource === "aws:sqs");
  return sqs ? (records as SqsRecordLike[]) : undefined;
}

/** The error's class as Lambda names it (errorType), unless its name says more (SDK errors: `AccessDenied`). */
export function traceErrorOf(error: unknown): TraceError {
  if (error instanceof Error || (typeof error === "object" && error !== null && "message" in error)) {
    const name = (error as { name?: unknown }).name;
    const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
    const type = typeof name === "string" && name !== "" && name !== "Error" ? name : typeof constructorName === "string" && constructorName !== "" ? constructorName : "Error";
    return { type, message: cut(String((error as { message?: unknown }).message)) };
  }
  return { type: typeof error, message: cut(String(error)) };
}

interface Ending {
  start: number;
  end: number;
  error?: TraceError;
  result?: unknown;
}

/** Tracing never changes what the handler did: a failure to trace is swallowed. */
function writeTrace(log: (line: string) => void, consumer: string, context: unknown, records: SqsRecordLike[], ending: Ending): void {
  try {
    const traced = records.map(traceRecordOf);
    const reported = ending.error ? "all" : reportedFailures(ending.result, new Set(traced.map((record) => record.id)));
    const outcomes: TraceRecord[] = traced.map((record) => ({
      ...record,
      outcome: ending.error ? "failed" : reported === "all" || reported.has(record.id) ? "reported" : "ok",
    }));
    const requestId = (context as { awsRequestId?: unknown } | null)?.awsRequestId;
    const base = {
      v: TRACE_VERSION,
      consumer,
      requestId: typeof requestId === "string" ? requestId : null,
      start: ending.start,
      end: ending.end,
      batch: records.length,
    } as const;
    const parts = splitRecords(outcomes, Buffer.byteLength(JSON.stringify({ ...base, part: 0, parts: 0, error: ending.error, records: [] })));
    parts.forEach((part, index) => {
      const line: TraceLine = { ...base, part: index + 1, parts: parts.length, ...(ending.error ? { error: ending.error } : {}), records: part };
      log(`${TRACE_MARKER} ${JSON.stringify(line)}`);
    });
  } catch {
    // The trace is lost; the handler's outcome is not.
  }
}

/** Records grouped so that each line's JSON stays under MAX_TRACE_JSON_BYTES. */
function splitRecords(records: TraceRecord[], overhead: number): TraceRecord[][] {
  const parts: TraceRecord[][] = [];
  let current: TraceRecord[] = [];
  let size = overhead;
  for (const record of records) {
    const bytes = Buffer.byteLength(JSON.stringify(record)) + 1;
    if (current.length > 0 && size + bytes > MAX_TRACE_JSON_BYTES) {
      parts.push(current);
      current = [];
      size = overhead;
    }
    current.push(record);
    size += bytes;
  }
  parts.push(current);
  return parts;
}

function cut(text: string): string {
  return text.length <= MAX_ERROR_MESSAGE ? text : `${text.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
}
