import type { ListSubscriptionsByTopicCommandInput, ListSubscriptionsByTopicCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { requireParameter } from "../errors.js";
import { paginate } from "../pagination.js";
import { requireTopic } from "../store.js";
import { subscriptionSummary } from "./list-subscriptions.js";

export const listSubscriptionsByTopic = defineOperation<ListSubscriptionsByTopicCommandInput, ListSubscriptionsByTopicCommandOutput>({
  access: (input, ctx) => topicAccess("ListSubscriptionsByTopic", input.TopicArn, ctx),
  handle: (input, ctx) => {
    const topic = requireTopic(ctx, requireParameter(input.TopicArn, "topicArn"));
    const { page, nextToken } = paginate([...topic.subscriptions.values()], (subscription) => subscription.arn, input.NextToken);
    return { Subscriptions: page.map(subscriptionSummary), NextToken: nextToken };
  },
});
