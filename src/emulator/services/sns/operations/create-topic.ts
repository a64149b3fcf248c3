import type { CreateTopicCommandInput, CreateTopicCommandOutput } from "@aws-sdk/client-sns";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { isValidTopicName, topicArn } from "../arns.js";
import { invalidParameter, requireParameter } from "../errors.js";
import { regionStore } from "../store.js";
import { validateTags } from "../tags.js";
import { SnsTopic } from "../topic.js";

/** "100,000 standard topics per account" (SNS quotas). */
const MAX_TOPICS = 100_000;

/**
 * Idempotent: the same name gives the same ARN, unless the call's attributes
 * or tags differ from the existing topic's (aws-behaviour §3.1).
 */
export const createTopic = defineOperation<CreateTopicCommandInput, CreateTopicCommandOutput>({
  access: (input, ctx) => topicAccess("CreateTopic", topicArn(ctx.region, ctx.accountId, input.Name ?? ""), ctx),
  handle: (input, ctx) => {
    const name = requireParameter(input.Name, "name");
    const { FifoTopic: fifo, ...attributes } = input.Attributes ?? {};
    // AWS does not keep an explicit FifoTopic=false; FIFO topics are outside the emulator's scope.
    if (fifo !== undefined && fifo.toLowerCase() === "true") {
      throw invalidParameter("Attributes Reason: FifoTopic: the eda emulator provides standard topics only");
    }
    if (fifo !== undefined && fifo.toLowerCase() !== "false") throw invalidParameter("Attributes Reason: FifoTopic");
    if (!isValidTopicName(name)) throw invalidParameter("Topic Name");
    if (input.DataProtectionPolicy !== undefined) {
      throw invalidParameter("DataProtectionPolicy Reason: data protection policies are not provided by the eda emulator");
    }
    const tags = validateTags(input.Tags ?? []);

    const arn = topicArn(ctx.region, ctx.accountId, name);
    const store = regionStore(ctx.hub, ctx.accountId, ctx.region);
    const existing = store.topics.get(name);
    if (existing) {
      if (!existing.hasAttributes(attributes)) {
        throw invalidParameter("Attributes Reason: Topic already exists with different attributes");
      }
      if (!existing.hasTags(tags)) throw invalidParameter("Tags Reason: Topic already exists with different tags");
      return { TopicArn: arn };
    }
    if (store.topics.size >= MAX_TOPICS) throw new AwsError("TopicLimitExceededException", "Topic limit exceeded");

    const topic = new SnsTopic({ arn, region: ctx.region, accountId: ctx.accountId, name });
    for (const [attribute, value] of Object.entries(attributes)) topic.setAttribute(attribute, value, "Attributes Reason: ");
    topic.addTags(tags);
    store.add(topic);
    return { TopicArn: arn };
  },
});
