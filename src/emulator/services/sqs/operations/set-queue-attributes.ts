import type { SetQueueAttributesCommandInput, SetQueueAttributesCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { required } from "../errors.js";
import { parseQueueAttributes } from "../queue-attributes.js";
import { attributeContext, queueAccess, requireQueue } from "../store.js";

/** All attributes are validated before any changes; an empty Policy, RedrivePolicy or RedriveAllowPolicy removes it. */
export const setQueueAttributes = defineOperation<SetQueueAttributesCommandInput, SetQueueAttributesCommandOutput>({
  access: (input, ctx) => queueAccess("SetQueueAttributes", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const attributes = required(input.Attributes, "Attributes");
    queue.updateSettings(parseQueueAttributes(attributes, attributeContext(ctx.hub, queue.arn), "SetQueueAttributes"));
    return {};
  },
});
