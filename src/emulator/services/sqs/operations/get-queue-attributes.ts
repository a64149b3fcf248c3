import { QueueAttributeName, type GetQueueAttributesCommandInput, type GetQueueAttributesCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { invalidAttributeName } from "../errors.js";
import { queueAccess, requireQueue } from "../store.js";

const KNOWN_NAMES = new Set<string>(Object.values(QueueAttributeName));

/**
 * No names gives an empty map; `All` gives every attribute. Names of
 * attributes a standard queue does not have (FIFO ones, an unset Policy) are
 * left out; unknown names are InvalidAttributeName.
 */
export const getQueueAttributes = defineOperation<GetQueueAttributesCommandInput, GetQueueAttributesCommandOutput>({
  access: (input, ctx) => queueAccess("GetQueueAttributes", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const queue = requireQueue(ctx, input.QueueUrl);
    const names: string[] = input.AttributeNames ?? [];
    for (const name of names) if (!KNOWN_NAMES.has(name)) throw invalidAttributeName(name);
    if (names.length === 0) return { Attributes: {} };
    const values = queue.attributeValues();
    if (names.includes("All")) return { Attributes: values };
    const selected: Record<string, string> = {};
    for (const name of names) if (values[name] !== undefined) selected[name] = values[name];
    return { Attributes: selected };
  },
});
