import type {
  BatchResultErrorEntry,
  DeleteMessageBatchCommandInput,
  DeleteMessageBatchCommandOutput,
  DeleteMessageBatchResultEntry,
} from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { batchFailure, batchResult, validateBatchEntries } from "../batch.js";
import { required } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";

/** HTTP 200 even when every entry failed; failures are listed per entry. */
export const deleteMessageBatch = defineOperation<DeleteMessageBatchCommandInput, DeleteMessageBatchCommandOutput>({
  access: (input, ctx) => queueAccess("DeleteMessage", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const Successful: DeleteMessageBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of validateBatchEntries(input.Entries, "DeleteMessageBatchRequestEntry")) {
      try {
        queue.deleteMessage(required(entry.ReceiptHandle, "ReceiptHandle"));
        Successful.push({ Id: entry.Id });
      } catch (error) {
        Failed.push(batchFailure(entry.Id!, error));
      }
    }
    return batchResult(Successful, Failed);
  },
});
