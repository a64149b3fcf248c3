import type { ConfirmSubscriptionCommandInput, ConfirmSubscriptionCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { requireParameter } from "../errors.js";
import { requireTopic } from "../store.js";

/**
 * Confirms a pending subscription with the Token from its
 * SubscriptionConfirmation message. The token is the credential (AWS serves
 * the same action unsigned at the SubscribeURL), so no IAM permission applies.
 * Idempotent for a subscription already confirmed.
 */
export const confirmSubscription = defineOperation<ConfirmSubscriptionCommandInput, ConfirmSubscriptionCommandOutput>({
  access: () => null,
  handle: (input, ctx) => {
    const topic = requireTopic(ctx, requireParameter(input.TopicArn, "topicArn"));
    const subscription = topic.confirmSubscription(requireParameter(input.Token, "token"));
    if (input.AuthenticateOnUnsubscribe?.toLowerCase() === "true") subscription.requireSignedUnsubscribe();
    return { SubscriptionArn: subscription.arn };
  },
});
