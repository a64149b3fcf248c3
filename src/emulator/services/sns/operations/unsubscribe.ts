import type { UnsubscribeCommandInput, UnsubscribeCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess, topicArnOfSubscription } from "../access.js";
import { requireParameter } from "../errors.js";
import { lookupSubscription } from "../store.js";

/**
 * Removes a subscription. A well-formed ARN of a subscription that no longer
 * exists succeeds (unsubscribing is idempotent on AWS, as observed by
 * emulators that record AWS's answers); a malformed ARN is InvalidParameter.
 */
export const unsubscribe = defineOperation<UnsubscribeCommandInput, UnsubscribeCommandOutput>({
  access: (input, ctx) => topicAccess("Unsubscribe", topicArnOfSubscription(input.SubscriptionArn), ctx),
  handle: (input, ctx) => {
    const arn = requireParameter(input.SubscriptionArn, "subscriptionArn");
    lookupSubscription(ctx.hub, arn)?.topic.unsubscribe(arn);
    return {};
  },
});
