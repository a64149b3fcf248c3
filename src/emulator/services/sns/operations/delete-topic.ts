import type { DeleteTopicCommandInput, DeleteTopicCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { parseTopicArn } from "../arns.js";
import { invalidParameter, requireParameter } from "../errors.js";
import { regionStore } from "../store.js";

/** Idempotent: deleting a missing topic succeeds. The topic's subscriptions go with it. */
export const deleteTopic = defineOperation<DeleteTopicCommandInput, DeleteTopicCommandOutput>({
  access: (input, ctx) => topicAccess("DeleteTopic", input.TopicArn, ctx),
  handle: (input, ctx) => {
    const ref = parseTopicArn(requireParameter(input.TopicArn, "topicArn"));
    if (ref.region !== ctx.region) throw invalidParameter("TopicArn");
    regionStore(ctx.hub, ref.accountId, ref.region).topics.delete(ref.name);
    return {};
  },
});
