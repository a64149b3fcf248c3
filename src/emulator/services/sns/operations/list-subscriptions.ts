import type { ListSubscriptionsCommandInput, ListSubscriptionsCommandOutput, Subscription } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { paginate } from "../pagination.js";
import { regionStore } from "../store.js";
import type { SnsSubscription } from "../subscription.js";

/** Subscriptions to the caller's topics in the region, 100 per page. */
export const listSubscriptions = defineOperation<ListSubscriptionsCommandInput, ListSubscriptionsCommandOutput>({
  access: (_input, ctx) => topicAccess("ListSubscriptions", "*", ctx),
  handle: (input, ctx) => {
    const subscriptions = regionStore(ctx.hub, ctx.accountId, ctx.region).subscriptions();
    const { page, nextToken } = paginate(subscriptions, (subscription) => subscription.arn, input.NextToken);
    return { Subscriptions: page.map(subscriptionSummary), NextToken: nextToken };
  },
});

/** One listing entry; a subscription awaiting confirmation shows "PendingConfirmation" instead of its ARN. */
export function subscriptionSummary(subscription: SnsSubscription): Subscription {
  return {
    SubscriptionArn: subscription.pendingConfirmation ? "PendingConfirmation" : subscription.arn,
    Owner: subscription.owner,
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    TopicArn: subscription.topicArn,
  };
}
