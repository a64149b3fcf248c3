/**
 * The IAM checks SNS operations ask for: `sns:<Action>` on the topic ARN
 * (subscription operations check the subscription's topic), or on "*" for the
 * account-wide listings.
 */
import type { AccessCheck, OperationContext } from "../service.js";

export function topicAccess(action: string, resource: string | undefined, ctx: OperationContext): AccessCheck {
  return {
    action: `sns:${action}`,
    resource: resource || "*",
    // AWS's default topic policy admits callers whose AWS:SourceOwner is the topic owner. The key is taken
    // to be the caller's account (the acting resource's account for service principals), so the default
    // policy admits the owner account's own principals and nobody else (mechanism unconfirmed, outcome per §3.2).
    context: {
      "aws:SourceOwner": ctx.principal.kind === "service" ? ctx.principal.sourceAccount : ctx.principal.accountId,
    },
  };
}

/** A subscription ARN is its topic's ARN plus ":<id>". */
export function topicArnOfSubscription(subscriptionArn: string | undefined): string | undefined {
  return subscriptionArn?.split(":").slice(0, 6).join(":");
}
