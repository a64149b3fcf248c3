import type { SetSubscriptionAttributesCommandInput, SetSubscriptionAttributesCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess, topicArnOfSubscription } from "../access.js";
import { requireParameter, subscriptionNotFound } from "../errors.js";
import { lookupSubscription } from "../store.js";

/** RawMessageDelivery, FilterPolicy (empty removes it), FilterPolicyScope and RedrivePolicy. */
export const setSubscriptionAttributes = defineOperation<SetSubscriptionAttributesCommandInput, SetSubscriptionAttributesCommandOutput>({
  access: (input, ctx) => topicAccess("SetSubscriptionAttributes", topicArnOfSubscription(input.SubscriptionArn), ctx),
  handle: (input, ctx) => {
    const found = lookupSubscription(ctx.hub, requireParameter(input.SubscriptionArn, "subscriptionArn"));
    if (!found) throw subscriptionNotFound();
    found.subscription.applyAttributes({ [requireParameter(input.AttributeName, "attributeName")]: input.AttributeValue ?? "" }, "");
    return {};
  },
});
