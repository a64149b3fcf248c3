import type { DeleteQueueCommandInput, DeleteQueueCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { queueAccess, requireQueue, sqsStore } from "../store.js";

/** Deletes the queue and its messages; its name stays blocked for 60 seconds. */
export const deleteQueue = defineOperation<DeleteQueueCommandInput, DeleteQueueCommandOutput>({
  access: (input, ctx) => queueAccess("DeleteQueue", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    sqsStore(ctx.hub, queue.accountId, queue.region).deleteQueue(queue);
    return {};
  },
});
