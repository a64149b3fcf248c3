import type { GetSubscriptionAttributesCommandInput, GetSubscriptionAttributesCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess, topicArnOfSubscription } from "../access.js";
import { requireParameter, subscriptionNotFound } from "../errors.js";
import { lookupSubscription } from "../store.js";

export const getSubscriptionAttributes = defineOperation<GetSubscriptionAttributesCommandInput, GetSubscriptionAttributesCommandOutput>({
  access: (input, ctx) => topicAccess("GetSubscriptionAttributes", topicArnOfSubscription(input.SubscriptionArn), ctx),
  handle: (input, ctx) => {
    const found = lookupSubscription(ctx.hub, requireParameter(input.SubscriptionArn, "subscriptionArn"));
    if (!found) throw subscriptionNotFound();
    return { Attributes: found.subscription.attributes() };
  },
});
