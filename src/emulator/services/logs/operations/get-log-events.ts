import type { GetLogEventsCommandInput, GetLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { logStreamArn } from "../arns.js";
import { invalidNextToken } from "../errors.js";
import { takeFromEnd, takeFromStart } from "../event-pages.js";
import { regionOf } from "../responses.js";
import { eventKey, FIRST_KEY, type StoredEvent } from "../store.js";
import { groupNameForAccess, resolveGroupName, validateLimit, validateStreamName } from "../validation.js";

/**
 * One stream's events, newest page first unless startFromHead. Tokens mark a
 * position between events: `f/<key>/s` reads on after it, `b/<key>/s` reads
 * back before it. At either end the token passed in comes back unchanged,
 * which is the only end-of-stream signal AWS gives. startTime is inclusive,
 * endTime exclusive.
 */
export const getLogEvents = defineOperation<GetLogEventsCommandInput, GetLogEventsCommandOutput>({
  access: (input, ctx) => ({
    action: "logs:GetLogEvents",
    resource: logStreamArn(ctx, groupNameForAccess(input, ctx), input.logStreamName ?? ""),
  }),
  handle: (input, ctx) => {
    const group = regionOf(ctx).group(resolveGroupName(input, ctx));
    const stream = group.stream(validateStreamName(input.logStreamName));
    const limit = validateLimit(input.limit, 10_000, 10_000);
    const token = input.nextToken === undefined ? undefined : parseToken(input.nextToken);
    const inRange = stream.events.filter(
      (event) =>
        (input.startTime === undefined || event.timestamp >= input.startTime) &&
        (input.endTime === undefined || event.timestamp < input.endTime),
    );

    let page: StoredEvent[];
    if (token?.direction === "forward") page = takeFromStart(inRange.filter((e) => eventKey(e) > token.key), limit);
    else if (token?.direction === "backward") page = takeFromEnd(inRange.filter((e) => eventKey(e) < token.key), limit);
    else page = input.startFromHead ? takeFromStart(inRange, limit) : takeFromEnd(inRange, limit);

    const first = page[0];
    const last = page[page.length - 1];
    // With nothing to return, both tokens stay where the caller was.
    const forwardKey = last ? eventKey(last) : (token?.key ?? FIRST_KEY);
    const backwardKey = first ? eventKey(first) : (token?.key ?? forwardKey);
    return {
      events: page.map((event) => ({ timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime })),
      nextForwardToken: `f/${forwardKey}/s`,
      nextBackwardToken: `b/${backwardKey}/s`,
    };
  },
});

function parseToken(token: string): { direction: "forward" | "backward"; key: string } {
  const match = /^([fb])\/(\d{56})\/s$/.exec(token);
  if (!match) throw invalidNextToken();
  return { direction: match[1] === "f" ? "forward" : "backward", key: match[2] as string };
}

