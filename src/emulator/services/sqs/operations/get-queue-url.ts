import type { GetQueueUrlCommandInput, GetQueueUrlCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { queueDoesNotExist, required } from "../errors.js";
import { originFor } from "../queue-url.js";
import { queueArn, queueUrl } from "../../../queue-address.js";
import { sqsStore } from "../store.js";

export const getQueueUrl = defineOperation<GetQueueUrlCommandInput, GetQueueUrlCommandOutput>({
  access: (input, ctx) => ({
    action: "sqs:GetQueueUrl",
    resource: queueArn(ctx.region, input.QueueOwnerAWSAccountId ?? ctx.accountId, required(input.QueueName, "QueueName")),
  }),
  handle: (input, ctx) => {
    const owner = input.QueueOwnerAWSAccountId ?? ctx.accountId;
    const queue = sqsStore(ctx.hub, owner, ctx.region).queues.get(input.QueueName!);
    if (!queue) throw queueDoesNotExist();
    return { QueueUrl: queueUrl(originFor(ctx), owner, queue.name) };
  },
});
