/**
 * Log group and stream ARNs. IAM authorises most actions on
 * `...:log-group:<name>:log-stream:<stream or empty>` (the form AWS's
 * AccessDenied messages show), which is why policies name log groups as
 * `...:log-group:<name>:*`. Tagging actions use the ARN without the suffix.
 */
import type { OperationContext } from "../service.js";

export function logGroupArn(ctx: Pick<OperationContext, "region" | "accountId">, groupName: string): string {
  return `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${groupName}`;
}

/** What DescribeLogGroups calls `arn`: the policy form with a trailing `:*`. */
export function logGroupPolicyArn(ctx: Pick<OperationContext, "region" | "accountId">, groupName: string): string {
  return `${logGroupArn(ctx, groupName)}:*`;
}

export function logStreamArn(ctx: Pick<OperationContext, "region" | "accountId">, groupName: string, streamName: string): string {
  return `${logGroupArn(ctx, groupName)}:log-stream:${streamName}`;
}

/** The resource group-level actions are authorised on. */
export function groupActionResource(ctx: Pick<OperationContext, "region" | "accountId">, groupName: string): string {
  return logStreamArn(ctx, groupName, "");
}

/** The group name in a log group ARN of this account and region, or undefined. */
export function groupNameFromArn(ctx: Pick<OperationContext, "region" | "accountId">, arn: string): string | undefined {
  const prefix = `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:`;
  if (!arn.startsWith(prefix)) return undefined;
  const name = arn.slice(prefix.length);
  return name.length > 0 && !name.includes(":") ? name : undefined;
}
