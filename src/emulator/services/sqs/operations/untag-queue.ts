import type { UntagQueueCommandInput, UntagQueueCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { required } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";

/** Removes the named tags; keys the queue does not have are ignored. */
export const untagQueue = defineOperation<UntagQueueCommandInput, UntagQueueCommandOutput>({
  access: (input, ctx) => queueAccess("UntagQueue", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    for (const key of required(input.TagKeys, "TagKeys")) queue.tags.delete(key);
    return {};
  },
});
