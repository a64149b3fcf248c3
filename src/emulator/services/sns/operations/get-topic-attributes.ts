import type { GetTopicAttributesCommandInput, GetTopicAttributesCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { requireParameter } from "../errors.js";
import { requireTopic } from "../store.js";

export const getTopicAttributes = defineOperation<GetTopicAttributesCommandInput, GetTopicAttributesCommandOutput>({
  access: (input, ctx) => topicAccess("GetTopicAttributes", input.TopicArn, ctx),
  handle: (input, ctx) => ({ Attributes: requireTopic(ctx, requireParameter(input.TopicArn, "topicArn")).attributes() }),
});
