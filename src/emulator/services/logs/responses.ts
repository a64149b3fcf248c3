/** The shapes CloudWatch Logs answers with, and the calling account's state. */
import type { LogGroup as LogGroupShape, LogStream as LogStreamShape } from "@aws-sdk/client-cloudwatch-logs";
import type { OperationContext } from "../service.js";
import { logGroupArn, logGroupPolicyArn, logStreamArn } from "./arns.js";
import { logsRegion, type LogGroup, type LogsRegion, type LogStream } from "./store.js";

export function regionOf(ctx: OperationContext): LogsRegion {
  return logsRegion(ctx.hub, ctx.accountId, ctx.region);
}

export function logGroupShape(group: LogGroup, ctx: OperationContext): LogGroupShape {
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    retentionInDays: group.retentionInDays,
    metricFilterCount: 0,
    arn: logGroupPolicyArn(ctx, group.name),
    logGroupArn: logGroupArn(ctx, group.name),
    storedBytes: group.storedBytes,
    kmsKeyId: group.options.kmsKeyId,
    logGroupClass: group.options.logGroupClass as LogGroupShape["logGroupClass"],
    deletionProtectionEnabled: group.options.deletionProtectionEnabled,
  };
}

export function logStreamShape(group: LogGroup, stream: LogStream, ctx: OperationContext): LogStreamShape {
  return {
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    firstEventTimestamp: stream.firstEventTimestamp,
    lastEventTimestamp: stream.lastEventTimestamp,
    lastIngestionTime: stream.lastIngestionTime,
    arn: logStreamArn(ctx, group.name, stream.name),
    // Deprecated by AWS and always 0 on the stream; the group reports storedBytes.
    storedBytes: 0,
  };
}
