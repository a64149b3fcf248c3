/**
 * `eda logs`: the consumers' CloudWatch Logs, interleaved by time and
 * marked by consumer; the tracing shim's lines (one per batch, for `eda
 * test`) are left out unless asked for. FilterLogEvents per log group (paging until no
 * nextToken: pages may be empty yet carry one). `--follow` asks again every
 * second from a start time that trails the newest event seen, because
 * events can be ingested late with an earlier timestamp, and drops the
 * events it already showed by eventId.
 */
import { FilterLogEventsCommand, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import type { CoreContext } from "../context.js";
import { UsageError } from "../errors.js";
import { isAwsError } from "../aws-errors.js";
import type { Consumer, StackConfig } from "../stack/config.js";
import { notSetUp, stackFor } from "../stack/deployed-pipeline.js";
import { isTraceMessage } from "./traces.js";

export const LOGS_DEFAULT_SINCE_MS = 10 * 60_000;
const FOLLOW_INTERVAL_MS = 1000;
/** How far behind the newest event a follow poll starts again (late ingestion). */
const INGESTION_LAG_MS = 30_000;

export interface LogsOptions {
  consumers: Consumer[];
  sinceMs: number;
  follow: boolean;
  /** A CloudWatch Logs filter pattern, e.g. ERROR or PoisonMarkerError. */
  filter?: string;
  /** With follow: stop after this long. */
  durationMs?: number;
  /** Also show the tracing shim's lines. */
  traces?: boolean;
}

export interface LogsResult {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

export interface LogLine {
  consumer: Consumer;
  functionName: string;
  timestamp: number;
  message: string;
  logStreamName: string;
  eventId: string;
}

export async function showLogs(ctx: CoreContext, options: LogsOptions): Promise<LogsResult> {
  const config = await stackFor(ctx);
  const startedAt = ctx.clock.now();
  let from = startedAt - options.sinceMs;
  const shownIds = new Map<string, number>();
  const width = Math.max(9, ...options.consumers.map((consumer) => consumer.length));
  let shown = 0;
  const emitNew = (lines: LogLine[]) => {
    for (const line of lines) {
      if (shownIds.has(line.eventId)) continue;
      shownIds.set(line.eventId, line.timestamp);
      shown += 1;
      ctx.events.emit({
        type: "data",
        topic: "log",
        message: `${new Date(line.timestamp).toISOString()} ${line.consumer.padEnd(width)} ${line.message.trimEnd()}`,
        data: { ...line },
      });
    }
  };

  emitNew(await fetchInterleaved(ctx, config, options, from));
  if (options.follow) {
    ctx.events.emit({ type: "info", message: `following ${options.consumers.map((consumer) => config.consumers[consumer].logGroup).join(" and ")} (Ctrl-C to stop)` });
    while (!ctx.signal.aborted && (options.durationMs === undefined || ctx.clock.now() - startedAt < options.durationMs)) {
      try {
        await ctx.clock.sleep(FOLLOW_INTERVAL_MS, ctx.signal);
        const newest = Math.max(from, ...shownIds.values());
        from = Math.max(from, newest - INGESTION_LAG_MS);
        for (const [eventId, timestamp] of shownIds) if (timestamp < from) shownIds.delete(eventId);
        emitNew(await fetchInterleaved(ctx, config, options, from));
      } catch (error) {
        if (ctx.signal.aborted) break;
        throw error;
      }
    }
  }
  const groups = options.consumers.map((consumer) => config.consumers[consumer].logGroup);
  const filterText = options.filter ? ` matching ${options.filter}` : "";
  return {
    ok: true,
    summary: `${shown} log ${shown === 1 ? "event" : "events"}${filterText} from ${groups.join(" and ")}`,
    data: { logGroups: groups, events: shown, since: new Date(startedAt - options.sinceMs).toISOString() },
  };
}

/** Every matching event since `from` in the chosen groups, oldest first. */
async function fetchInterleaved(ctx: CoreContext, config: StackConfig, options: LogsOptions, from: number): Promise<LogLine[]> {
  const settled = await Promise.allSettled(
    options.consumers.map(async (consumer) => {
      const functionName = config.consumers[consumer].function;
      const logGroupName = config.consumers[consumer].logGroup;
      const events = await filterAll(ctx, config, logGroupName, from, options.filter);
      return events.filter((event) => options.traces || !isTraceMessage(event.message ?? "")).map(
        (event): LogLine => ({
          consumer,
          functionName,
          timestamp: event.timestamp ?? 0,
          message: event.message ?? "",
          logStreamName: event.logStreamName ?? "",
          eventId: event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`,
        }),
      );
    }),
  );
  // The first problem in consumer order, so the same missing group is always the one named.
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure) throw failure.reason;
  const perGroup = settled.map((outcome) => (outcome as PromiseFulfilledResult<LogLine[]>).value);
  return perGroup.flat().sort((a, b) => a.timestamp - b.timestamp || a.consumer.localeCompare(b.consumer));
}

async function filterAll(ctx: CoreContext, config: StackConfig, logGroupName: string, startTime: number, filterPattern?: string): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    try {
      const page = await ctx.clients.logs.send(
        new FilterLogEventsCommand({ logGroupName, startTime, ...(filterPattern ? { filterPattern } : {}), ...(nextToken ? { nextToken } : {}) }),
        { abortSignal: ctx.signal },
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) throw notSetUp(ctx, config, `log group ${logGroupName} does not exist`);
      if (filterPattern && isAwsError(error, "InvalidParameterException")) {
        throw new UsageError(`invalid --filter ${JSON.stringify(filterPattern)}: ${(error as Error).message} (a CloudWatch Logs filter pattern, e.g. ERROR or PoisonMarkerError)`, { cause: error });
      }
      throw error;
    }
  } while (nextToken);
  return events;
}
