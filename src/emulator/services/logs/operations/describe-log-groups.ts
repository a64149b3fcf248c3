import type { DescribeLogGroupsCommandInput, DescribeLogGroupsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource, groupNameFromArn } from "../arns.js";
import { invalidParameter } from "../errors.js";
import { logGroupShape, regionOf } from "../responses.js";
import { offsetFromToken, offsetToken, validateLimit } from "../validation.js";

/** Lists groups in name order; authorised on `log-group::log-stream:` as no single group is named. */
export const describeLogGroups = defineOperation<DescribeLogGroupsCommandInput, DescribeLogGroupsCommandOutput>({
  access: (_input, ctx) => ({ action: "logs:DescribeLogGroups", resource: groupActionResource(ctx, "") }),
  handle: (input, ctx) => {
    // The prefix-and-pattern wording is recorded (localstack test_logs_groups.snapshot.json
    // "test_describe_log_groups_prefix_and_pattern_error"); identifiers with either is not.
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    const selectors = [input.logGroupNamePrefix, input.logGroupNamePattern, input.logGroupIdentifiers].filter((s) => s !== undefined);
    if (selectors.length > 1) {
      throw invalidParameter("logGroupNamePrefix, logGroupNamePattern and logGroupIdentifiers are mutually exclusive parameters.");
    }
    const limit = validateLimit(input.limit, 50, 50);
    const identifiers = input.logGroupIdentifiers?.map((id) => (id.startsWith("arn:") ? groupNameFromArn(ctx, id) : id));
    const groups = regionOf(ctx)
      .listGroups()
      .filter((group) => input.logGroupNamePrefix === undefined || group.name.startsWith(input.logGroupNamePrefix))
      // logGroupNamePattern is a case-sensitive substring search (API reference).
      .filter((group) => input.logGroupNamePattern === undefined || group.name.includes(input.logGroupNamePattern))
      .filter((group) => identifiers === undefined || identifiers.includes(group.name))
      .filter((group) => input.logGroupClass === undefined || group.options.logGroupClass === input.logGroupClass);
    const offset = offsetFromToken(input.nextToken);
    const page = groups.slice(offset, offset + limit);
    return {
      logGroups: page.map((group) => logGroupShape(group, ctx)),
      nextToken: offset + limit < groups.length ? offsetToken(offset + limit) : undefined,
    };
  },
});
