import type { SetTopicAttributesCommandInput, SetTopicAttributesCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { requireParameter } from "../errors.js";
import { requireTopic } from "../store.js";

/** Policy replaces the topic's access policy and must be a valid resource policy granting only SNS actions. */
export const setTopicAttributes = defineOperation<SetTopicAttributesCommandInput, SetTopicAttributesCommandOutput>({
  access: (input, ctx) => topicAccess("SetTopicAttributes", input.TopicArn, ctx),
  handle: (input, ctx) => {
    const topic = requireTopic(ctx, requireParameter(input.TopicArn, "topicArn"));
    topic.setAttribute(requireParameter(input.AttributeName, "attributeName"), input.AttributeValue ?? "");
    return {};
  },
});
