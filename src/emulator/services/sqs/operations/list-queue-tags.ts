import type { ListQueueTagsCommandInput, ListQueueTagsCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { queueAccess, requireQueue } from "../store.js";

/** No Tags key for an untagged queue. */
export const listQueueTags = defineOperation<ListQueueTagsCommandInput, ListQueueTagsCommandOutput>({
  access: (input, ctx) => queueAccess("ListQueueTags", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    return queue.tags.size > 0 ? { Tags: Object.fromEntries(queue.tags) } : {};
  },
});
