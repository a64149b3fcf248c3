import type { DeleteMessageCommandInput, DeleteMessageCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { required } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";

export const deleteMessage = defineOperation<DeleteMessageCommandInput, DeleteMessageCommandOutput>({
  access: (input, ctx) => queueAccess("DeleteMessage", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    requireQueue(ctx, input.QueueUrl).deleteMessage(required(input.ReceiptHandle, "ReceiptHandle"));
    return {};
  },
});
