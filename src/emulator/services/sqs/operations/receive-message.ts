import type { ReceiveMessageCommandInput, ReceiveMessageCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { invalidParameter } from "../errors.js";
import { messageView } from "../message-view.js";
import { queueAccess, requireQueue } from "../store.js";

/**
 * Short poll (WaitTimeSeconds 0) answers at once; a long poll answers as soon
 * as a message is available, or empty after WaitTimeSeconds (default: the
 * queue's ReceiveMessageWaitTimeSeconds). No Messages key when empty.
 */
export const receiveMessage = defineOperation<ReceiveMessageCommandInput, ReceiveMessageCommandOutput>({
  access: (input, ctx) => queueAccess("ReceiveMessage", ctx, input.QueueUrl),
  handle: async (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const maxMessages = input.MaxNumberOfMessages ?? 1;
    if (maxMessages < 1 || maxMessages > 10) {
      throw invalidParameter("MaxNumberOfMessages", maxMessages, "Must be between 1 and 10, if provided.");
    }
    const visibilityTimeout = input.VisibilityTimeout;
    if (visibilityTimeout !== undefined && (visibilityTimeout < 0 || visibilityTimeout > 43_200)) {
      throw invalidParameter("VisibilityTimeout", visibilityTimeout, "Must be between 0 and 43200, if provided.");
    }
    const waitSeconds = input.WaitTimeSeconds ?? queue.settings.ReceiveMessageWaitTimeSeconds;
    if (waitSeconds < 0 || waitSeconds > 20) {
      throw invalidParameter("WaitTimeSeconds", waitSeconds, "Must be >= 0 and <= 20, if provided.");
    }
    const received = await queue.receive({ maxMessages, visibilityTimeout, waitSeconds, signal: ctx.signal });
    if (received.length === 0) return {};
    // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; old clients send it.
    const systemNames: string[] = [...(input.MessageSystemAttributeNames ?? []), ...(input.AttributeNames ?? [])];
    const attributeNames = input.MessageAttributeNames ?? [];
    return { Messages: received.map((message) => messageView(message, systemNames, attributeNames)) };
  },
});
