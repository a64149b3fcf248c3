import type { CreateQueueCommandInput, CreateQueueCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation, type AccessCheck } from "../../service.js";
import { fifoUnsupported, invalidParameterValue, queueDeletedRecently, queueNameExists, required } from "../errors.js";
import { defaultQueueSettings, parseQueueAttributes, renderQueueSettings, sameAttributeValue } from "../queue-attributes.js";
import { originFor } from "../queue-url.js";
import { queueArn, queueUrl } from "../../../queue-address.js";
import { attributeContext, sqsStore } from "../store.js";
import { validateTags } from "../tags.js";

/**
 * Idempotent for the same name and attributes; a differing attribute value
 * is QueueNameExists, a name deleted less than 60 s ago QueueDeletedRecently.
 */
export const createQueue = defineOperation<CreateQueueCommandInput, CreateQueueCommandOutput>({
  access: (input, ctx) => {
    const resource = queueArn(ctx.region, ctx.accountId, required(input.QueueName, "QueueName"));
    const checks: AccessCheck[] = [{ action: "sqs:CreateQueue", resource }];
    // Tagging at creation needs sqs:TagQueue as well (SQS guide, "Tagging your queues").
    if (input.tags && Object.keys(input.tags).length > 0) checks.push({ action: "sqs:TagQueue", resource });
    return checks;
  },
  handle: (input, ctx) => {
    const name = input.QueueName!;
    const requested = input.Attributes ?? {};
    if (name.endsWith(".fifo")) throw fifoUnsupported();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }
    const arn = queueArn(ctx.region, ctx.accountId, name);
    const patch = parseQueueAttributes(requested, attributeContext(ctx.hub, arn), "CreateQueue");
    const store = sqsStore(ctx.hub, ctx.accountId, ctx.region);
    const url = queueUrl(originFor(ctx), ctx.accountId, name);

    const existing = store.queues.get(name);
    if (existing) {
      // Only the attributes given are compared; tags of an existing queue are left as they are.
      const wanted = renderQueueSettings({ ...existing.settings, ...patch });
      const current = renderQueueSettings(existing.settings);
      for (const attribute of Object.keys(requested)) {
        if (attribute === "FifoQueue") continue;
        if (!sameAttributeValue(attribute, wanted[attribute], current[attribute])) throw queueNameExists(attribute);
      }
      return { QueueUrl: url };
    }
    if (store.deletedRecently(name)) throw queueDeletedRecently();
    const tags = input.tags ?? {};
    validateTags(name, new Map(), tags);
    store.createQueue(name, { ...defaultQueueSettings(), ...patch }, tags);
    return { QueueUrl: url };
  },
});
