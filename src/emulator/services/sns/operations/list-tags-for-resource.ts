import type { ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { requireTaggedTopic } from "../store.js";

export const listTagsForResource = defineOperation<ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput>({
  access: (input, ctx) => topicAccess("ListTagsForResource", input.ResourceArn, ctx),
  handle: (input, ctx) => {
    const topic = requireTaggedTopic(ctx, input.ResourceArn);
    return { Tags: [...topic.tags].map(([Key, Value]) => ({ Key, Value })) };
  },
});
