import type { SendMessageCommandInput, SendMessageCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { prepareMessage } from "../message-validation.js";
import { queueAccess, requireQueue } from "../store.js";

export const sendMessage = defineOperation<SendMessageCommandInput, SendMessageCommandOutput>({
  access: (input, ctx) => queueAccess("SendMessage", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const [message] = queue.send([prepareMessage(input, queue, ctx.principal)]);
    return {
      MessageId: message!.messageId,
      MD5OfMessageBody: message!.md5OfBody,
      MD5OfMessageAttributes: message!.md5OfMessageAttributes,
      MD5OfMessageSystemAttributes: message!.md5OfMessageSystemAttributes,
    };
  },
});
