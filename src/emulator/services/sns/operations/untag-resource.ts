import type { UntagResourceCommandInput, UntagResourceCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { requireParameter } from "../errors.js";
import { requireTaggedTopic } from "../store.js";

/** Removing a key the topic does not have is not an error. */
export const untagResource = defineOperation<UntagResourceCommandInput, UntagResourceCommandOutput>({
  access: (input, ctx) => topicAccess("UntagResource", input.ResourceArn, ctx),
  handle: (input, ctx) => {
    const topic = requireTaggedTopic(ctx, input.ResourceArn);
    for (const key of requireParameter(input.TagKeys, "tagKeys")) topic.tags.delete(key);
    return {};
  },
});
