import type { PublishCommandInput, PublishCommandOutput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { fanOut } from "../delivery.js";
import { invalidParameter } from "../errors.js";
import { acceptPublication } from "../publication.js";
import { requireTopic } from "../store.js";

/**
 * Accepts a message and answers with its MessageId before any delivery runs;
 * what happens at the queues never changes the answer (aws-behaviour §3.4, §3.6).
 */
export const publish = defineOperation<PublishCommandInput, PublishCommandOutput>({
  access: (input, ctx) => topicAccess("Publish", input.TopicArn ?? input.TargetArn, ctx),
  handle: (input, ctx) => {
    if (input.PhoneNumber !== undefined) throw invalidParameter("PhoneNumber Reason: the eda emulator does not send SMS");
    const parameter = input.TopicArn !== undefined ? "TopicArn" : "TargetArn";
    const arn = input.TopicArn ?? input.TargetArn;
    if (arn === undefined) throw invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
    const publication = acceptPublication(input, ctx.hub.random.uuid(), ctx.hub.clock.now());
    const topic = requireTopic(ctx, arn, parameter);
    fanOut(ctx.hub, topic, publication);
    return { MessageId: publication.messageId };
  },
});
