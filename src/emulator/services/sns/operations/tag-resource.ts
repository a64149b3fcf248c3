import type { TagResourceCommandInput, TagResourceCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { requireParameter } from "../errors.js";
import { validateTags } from "../tags.js";
import { requireTaggedTopic } from "../store.js";

/** Adds or overwrites tags; a topic holds at most 50. */
export const tagResource = defineOperation<TagResourceCommandInput, TagResourceCommandOutput>({
  access: (input, ctx) => topicAccess("TagResource", input.ResourceArn, ctx),
  handle: (input, ctx) => {
    const topic = requireTaggedTopic(ctx, input.ResourceArn);
    topic.addTags(validateTags(requireParameter(input.Tags, "tags")));
    return {};
  },
});
