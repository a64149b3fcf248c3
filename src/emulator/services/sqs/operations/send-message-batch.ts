import type {
  BatchResultErrorEntry,
  SendMessageBatchCommandInput,
  SendMessageBatchCommandOutput,
} from "@aws-sdk/client-sqs";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { batchFailure, batchResult, validateBatchEntries } from "../batch.js";
import { messageSize, prepareMessage } from "../message-validation.js";
import type { OutgoingMessage } from "../queue.js";
import { queueAccess, requireQueue } from "../store.js";

/** The whole batch may carry at most 1 MiB of bodies and attributes. */
const MAX_BATCH_BYTES = 1_048_576;

/** Valid entries are sent together (one wake-up for waiting receivers); invalid ones fail alone. */
export const sendMessageBatch = defineOperation<SendMessageBatchCommandInput, SendMessageBatchCommandOutput>({
  access: (input, ctx) => queueAccess("SendMessage", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const entries = validateBatchEntries(input.Entries, "SendMessageBatchRequestEntry");
    const total = entries.reduce((sum, entry) => sum + messageSize(entry.MessageBody, entry.MessageAttributes), 0);
    if (total > MAX_BATCH_BYTES) {
      throw new AwsError(
        "BatchRequestTooLong",
        `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
      );
    }
    const accepted: { id: string; outgoing: OutgoingMessage }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        accepted.push({ id: entry.Id!, outgoing: prepareMessage(entry, queue, ctx.principal) });
      } catch (error) {
        Failed.push(batchFailure(entry.Id!, error));
      }
    }
    const sent = queue.send(accepted.map(({ outgoing }) => outgoing));
    const Successful = sent.map((message, i) => ({
      Id: accepted[i]!.id,
      MessageId: message.messageId,
      MD5OfMessageBody: message.md5OfBody,
      MD5OfMessageAttributes: message.md5OfMessageAttributes,
      MD5OfMessageSystemAttributes: message.md5OfMessageSystemAttributes,
    }));
    return batchResult(Successful, Failed);
  },
});
