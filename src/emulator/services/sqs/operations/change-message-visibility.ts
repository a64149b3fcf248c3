import type { ChangeMessageVisibilityCommandInput, ChangeMessageVisibilityCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { invalidParameter, required } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";

/** 0 to 43,200 seconds; 0 makes the message available again at once. */
export function visibilityTimeoutOf(value: number | undefined): number {
  const seconds = required(value, "VisibilityTimeout");
  if (seconds < 0 || seconds > 43_200) {
    throw invalidParameter("VisibilityTimeout", seconds, "Must be between 0 and 43200, if provided.");
  }
  return seconds;
}

export const changeMessageVisibility = defineOperation<
  ChangeMessageVisibilityCommandInput,
  ChangeMessageVisibilityCommandOutput
>({
  access: (input, ctx) => queueAccess("ChangeMessageVisibility", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    queue.changeVisibility(required(input.ReceiptHandle, "ReceiptHandle"), visibilityTimeoutOf(input.VisibilityTimeout));
    return {};
  },
});
