import type { DescribeLogStreamsCommandInput, DescribeLogStreamsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { constraintViolation, invalidParameter } from "../errors.js";
import { logStreamShape, regionOf } from "../responses.js";
import type { LogStream } from "../store.js";
import { groupNameForAccess, offsetFromToken, offsetToken, resolveGroupName, validateLimit } from "../validation.js";

export const describeLogStreams = defineOperation<DescribeLogStreamsCommandInput, DescribeLogStreamsCommandOutput>({
  access: (input, ctx) => ({ action: "logs:DescribeLogStreams", resource: groupActionResource(ctx, groupNameForAccess(input, ctx)) }),
  handle: (input, ctx) => {
    const group = regionOf(ctx).group(resolveGroupName(input, ctx));
    const orderBy = input.orderBy ?? "LogStreamName";
    if (orderBy !== "LogStreamName" && orderBy !== "LastEventTime") {
      throw constraintViolation("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
    }
    if (orderBy === "LastEventTime" && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    const limit = validateLimit(input.limit, 50, 50);
    let streams = group.listStreams();
    if (input.logStreamNamePrefix !== undefined) {
      const prefix = input.logStreamNamePrefix;
      streams = streams.filter((stream) => stream.name.startsWith(prefix));
    }
    if (orderBy === "LastEventTime") streams = [...streams].sort(byLastEventTime);
    if (input.descending) streams = [...streams].reverse();
    const offset = offsetFromToken(input.nextToken);
    const page = streams.slice(offset, offset + limit);
    return {
      logStreams: page.map((stream) => logStreamShape(group, stream, ctx)),
      nextToken: offset + limit < streams.length ? offsetToken(offset + limit) : undefined,
    };
  },
});

/** Streams without events sort first; equal times keep name order. */
function byLastEventTime(a: LogStream, b: LogStream): number {
  return (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
