/**
 * Reading back the trace lines the function shim writes (src/function-shim):
 * FilterLogEvents on a consumer's log group with the marker as the filter
 * pattern, paged until no nextToken (pages may be empty yet carry one). A
 * poll asks again from a start time that trails the newest line seen
 * (CloudWatch Logs ingests events late, with their earlier timestamps) and
 * drops lines already read by eventId, so the cost of following a run grows
 * with the batches it processed, not with its objects.
 */
import { FilterLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { TRACE_MARKER, TRACE_VERSION, type TraceLine, type TraceOutcome, type TraceRecordKind } from "../../function-shim/trace-format.js";
import { isAwsError } from "../aws-errors.js";

/** How far behind the newest line a poll starts again (late ingestion). */
export const INGESTION_LAG_MS = 30_000;

const OUTCOMES: readonly TraceOutcome[] = ["ok", "failed", "reported"];
const KINDS: readonly TraceRecordKind[] = ["s3", "s3-test-event", "message"];

/** A log event's message -> the trace line in it, in the Text or the JSON log format; undefined for any other line. */
export function parseTraceMessage(message: string): TraceLine | undefined {
  const at = message.indexOf(`${TRACE_MARKER} {`);
  if (at < 0) return undefined;
  const line = parseJson(message.slice(at + TRACE_MARKER.length + 1).trimEnd());
  if (isTraceLine(line)) return line;
  // The JSON log format: the line is the `message` string of a JSON object.
  const entry = parseJson(message);
  const inner = typeof entry === "object" && entry !== null ? (entry as { message?: unknown }).message : undefined;
  return typeof inner === "string" && inner !== message ? parseTraceMessage(inner) : undefined;
}

/** Whether a log line is one of the shim's (`eda logs` hides them unless asked). */
export function isTraceMessage(message: string): boolean {
  return parseTraceMessage(message) !== undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTraceLine(value: unknown): value is TraceLine {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  if (line.v !== TRACE_VERSION || typeof line.consumer !== "string" || typeof line.start !== "number" || typeof line.end !== "number") return false;
  if (!Array.isArray(line.records)) return false;
  return line.records.every((entry: unknown) => {
    const record = entry as Record<string, unknown> | null;
    return (
      typeof record === "object" &&
      record !== null &&
      typeof record.id === "string" &&
      Array.isArray(record.keys) &&
      record.keys.every((key) => typeof key === "string") &&
      OUTCOMES.includes(record.outcome as TraceOutcome) &&
      KINDS.includes(record.kind as TraceRecordKind)
    );
  });
}

export interface TraceEvent {
  line: TraceLine;
  timestamp: number;
  eventId: string;
}

/** Follows one log group's trace lines from `startTime` on. */
export class TraceFollower {
  private from: number;
  /** Every line read, by eventId: one per batch, so a run of a million objects keeps about 100,000. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly logs: CloudWatchLogsClient,
    readonly logGroupName: string,
    private readonly startTime: number,
  ) {
    this.from = startTime;
  }

  /**
   * Trace lines not returned before. `full` reads again from the start
   * time, catching any line ingested later than the lag allows for.
   */
  async poll(options: { full?: boolean; signal?: AbortSignal } = {}): Promise<TraceEvent[]> {
    const from = options.full ? this.startTime : this.from;
    const fresh: TraceEvent[] = [];
    for await (const event of filterTraceEvents(this.logs, this.logGroupName, from, options.signal)) {
      if (this.seen.has(event.eventId)) continue;
      this.seen.add(event.eventId);
      fresh.push(event);
    }
    const newest = Math.max(this.from, ...fresh.map((event) => event.timestamp));
    this.from = Math.max(this.from, newest - INGESTION_LAG_MS);
    return fresh;
  }
}

/** Every trace line in the group since `startTime`; a group not created yet has none. */
export async function* filterTraceEvents(logs: CloudWatchLogsClient, logGroupName: string, startTime: number, signal?: AbortSignal): AsyncGenerator<TraceEvent> {
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await logs.send(new FilterLogEventsCommand({ logGroupName, startTime, filterPattern: TRACE_MARKER, ...(nextToken ? { nextToken } : {}) }), {
        abortSignal: signal,
      });
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return;
      throw error;
    }
    for (const event of page.events ?? []) {
      const line = parseTraceMessage(event.message ?? "");
      if (line) yield { line, timestamp: event.timestamp ?? 0, eventId: event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}` };
    }
    nextToken = page.nextToken;
  } while (nextToken);
}
