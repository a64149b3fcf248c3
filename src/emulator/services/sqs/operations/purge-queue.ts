import type { PurgeQueueCommandInput, PurgeQueueCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { queueAccess, requireQueue } from "../store.js";

export const purgeQueue = defineOperation<PurgeQueueCommandInput, PurgeQueueCommandOutput>({
  access: (input, ctx) => queueAccess("PurgeQueue", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    requireQueue(ctx, input.QueueUrl).purge();
    return {};
  },
});
