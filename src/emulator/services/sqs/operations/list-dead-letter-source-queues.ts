import type {
  ListDeadLetterSourceQueuesCommandInput,
  ListDeadLetterSourceQueuesCommandOutput,
} from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { paginate } from "../pagination.js";
import { originFor } from "../queue-url.js";
import { queueUrl } from "../../../queue-address.js";
import { queueAccess, requireQueue, sqsStore } from "../store.js";

/** The queues whose RedrivePolicy targets this queue (always same account and region). */
export const listDeadLetterSourceQueues = defineOperation<
  ListDeadLetterSourceQueuesCommandInput,
  ListDeadLetterSourceQueuesCommandOutput
>({
  access: (input, ctx) => queueAccess("ListDeadLetterSourceQueues", ctx, input.QueueUrl),
  handle: (input, ctx) => {
    const deadLetterQueue = requireQueue(ctx, input.QueueUrl);
    const store = sqsStore(ctx.hub, deadLetterQueue.accountId, deadLetterQueue.region);
    const sources = [...store.queues.values()]
      .filter((queue) => queue.settings.RedrivePolicy?.deadLetterTargetArn === deadLetterQueue.arn)
      .map((queue) => queue.name);
    const { page, nextToken } = paginate(sources, input.MaxResults, input.NextToken);
    return {
      queueUrls: page.map((name) => queueUrl(originFor(ctx), deadLetterQueue.accountId, name)),
      NextToken: nextToken,
    };
  },
});
