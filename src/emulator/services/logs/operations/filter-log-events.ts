import type { FilterLogEventsCommandInput, FilterLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { constraintViolation, invalidNextToken, invalidParameter } from "../errors.js";
import { takeFromStart } from "../event-pages.js";
import { matchesFilterPattern, parseFilterPattern } from "../filter-pattern.js";
import { regionOf } from "../responses.js";
import { eventKey, isEventKey, type LogStream } from "../store.js";
import { groupNameForAccess, resolveGroupName, validateLimit } from "../validation.js";

/**
 * Events of several streams, always interleaved by timestamp (the
 * `interleaved` flag is ignored since 2019). Both ends of the time range are
 * inclusive here, unlike GetLogEvents ("events with a timestamp later than
 * endTime are not returned"). Pagination ends when no nextToken comes back.
 */
export const filterLogEvents = defineOperation<FilterLogEventsCommandInput, FilterLogEventsCommandOutput>({
  access: (input, ctx) => ({ action: "logs:FilterLogEvents", resource: groupActionResource(ctx, groupNameForAccess(input, ctx)) }),
  handle: (input, ctx) => {
    if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter("You cannot specify both LogStreamNames and LogStreamNamePrefix.");
    }
    if (input.logStreamNames !== undefined && (input.logStreamNames.length < 1 || input.logStreamNames.length > 100)) {
      throw constraintViolation("logStreamNames", `[${input.logStreamNames.length} names]`, "Member must have length between 1 and 100");
    }
    const group = regionOf(ctx).group(resolveGroupName(input, ctx));
    const limit = validateLimit(input.limit, 10_000, 10_000);
    const pattern = parseFilterPattern(input.filterPattern);
    const after = input.nextToken === undefined ? undefined : keyFromToken(input.nextToken);

    let streams: LogStream[] = group.listStreams();
    if (input.logStreamNames !== undefined) {
      const names = new Set(input.logStreamNames);
      streams = streams.filter((stream) => names.has(stream.name));
    } else if (input.logStreamNamePrefix !== undefined) {
      const prefix = input.logStreamNamePrefix;
      streams = streams.filter((stream) => stream.name.startsWith(prefix));
    }
    const matching = group
      .eventsOf(streams)
      .filter(
        (event) =>
          (after === undefined || eventKey(event) > after) &&
          (input.startTime === undefined || event.timestamp >= input.startTime) &&
          (input.endTime === undefined || event.timestamp <= input.endTime) &&
          matchesFilterPattern(pattern, event.message),
      );
    const page = takeFromStart(matching, limit);
    const last = page[page.length - 1];
    return {
      events: page.map((event) => ({
        logStreamName: event.streamName,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: eventKey(event),
      })),
      // No longer populated by AWS (since 2020-05-15): always an empty list.
      searchedLogStreams: [],
      nextToken: last && page.length < matching.length ? Buffer.from(`after:${eventKey(last)}`).toString("base64") : undefined,
    };
  },
});

function keyFromToken(token: string): string {
  const text = Buffer.from(token, "base64").toString("utf8");
  const key = text.startsWith("after:") ? text.slice("after:".length) : "";
  if (!isEventKey(key)) throw invalidNextToken();
  return key;
}
