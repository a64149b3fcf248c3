import type { TagQueueCommandInput, TagQueueCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { required } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";
import { validateTags } from "../tags.js";

/** Adds or overwrites tags; other tags stay. */
export const tagQueue = defineOperation<TagQueueCommandInput, TagQueueCommandOutput>({
  access: (input, ctx) => queueAccess("TagQueue", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const tags = required(input.Tags, "Tags");
    validateTags(queue.name, queue.tags, tags);
    for (const [key, value] of Object.entries(tags)) queue.tags.set(key, value);
    return {};
  },
});
