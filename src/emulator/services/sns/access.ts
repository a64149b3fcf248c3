/**
 * The IAM checks SNS operations ask for: `sns:<Action>` on the topic ARN
 * (subscription operations check the subscription's topic), or on "*" for the
 * account-wide listings.
 */
import { formatArn, parseArn } from "../../arn.js";
import type { AccessCheck, OperationContext } from "../service.js";

export function topicAccess(action: string, resource: string | undefined, ctx: OperationContext): AccessCheck {
  return { action: `sns:${action}`, resource: resource || "*", context: sourceOwnerContext(ctx) };
}

/**
 * AWS's default topic policy admits any principal whose AWS:SourceOwner is the
 * topic owner. Requests from the account's own principals carry their account
 * there; AWS services acting for a resource (S3 for a bucket) do not carry the
 * key, which is why the default policy refuses S3 (mechanism unconfirmed,
 * outcome per aws-behaviour §3.2).
 */
function sourceOwnerContext(ctx: OperationContext): Record<string, string> {
  return ctx.principal.kind === "service" ? {} : { "aws:SourceOwner": ctx.principal.accountId };
}

/** A subscription ARN is its topic's ARN plus ":<id>". */
export function topicArnOfSubscription(subscriptionArn: string | undefined): string | undefined {
  const arn = subscriptionArn === undefined ? undefined : parseArn(subscriptionArn);
  return arn && formatArn({ ...arn, resource: arn.resource.split(":")[0]! });
}
