import type {
  BatchResultErrorEntry,
  ChangeMessageVisibilityBatchCommandInput,
  ChangeMessageVisibilityBatchCommandOutput,
  ChangeMessageVisibilityBatchResultEntry,
} from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { batchFailure, batchResult, validateBatchEntries } from "../batch.js";
import { required } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";
import { visibilityTimeoutOf } from "./change-message-visibility.js";

export const changeMessageVisibilityBatch = defineOperation<
  ChangeMessageVisibilityBatchCommandInput,
  ChangeMessageVisibilityBatchCommandOutput
>({
  access: (input, ctx) => queueAccess("ChangeMessageVisibility", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const Successful: ChangeMessageVisibilityBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of validateBatchEntries(input.Entries, "ChangeMessageVisibilityBatchRequestEntry")) {
      try {
        queue.changeVisibility(required(entry.ReceiptHandle, "ReceiptHandle"), visibilityTimeoutOf(entry.VisibilityTimeout));
        Successful.push({ Id: entry.Id });
      } catch (error) {
        Failed.push(batchFailure(entry.Id!, error));
      }
    }
    return batchResult(Successful, Failed);
  },
});
