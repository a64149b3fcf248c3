import type { ListTopicsCommandInput, ListTopicsCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { paginate } from "../pagination.js";
import { regionStore } from "../store.js";

/** The caller's topics in the region, 100 per page. */
export const listTopics = defineOperation<ListTopicsCommandInput, ListTopicsCommandOutput>({
  access: (_input, ctx) => topicAccess("ListTopics", "*", ctx),
  handle: (input, ctx) => {
    const topics = [...regionStore(ctx.hub, ctx.accountId, ctx.region).topics.values()];
    const { page, nextToken } = paginate(topics, (topic) => topic.arn, input.NextToken);
    return { Topics: page.map((topic) => ({ TopicArn: topic.arn })), NextToken: nextToken };
  },
});
