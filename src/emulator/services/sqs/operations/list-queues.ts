import type { ListQueuesCommandInput, ListQueuesCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { paginate } from "../pagination.js";
import { originFor } from "../queue-url.js";
import { queueUrl } from "../../../queue-address.js";
import { sqsStore } from "../store.js";

/** The caller's queues in this region, optionally by name prefix; no QueueUrls key when there are none. */
export const listQueues = defineOperation<ListQueuesCommandInput, ListQueuesCommandOutput>({
  access: (_input, ctx) => ({ action: "sqs:ListQueues", resource: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:*` }),
  handle: (input, ctx) => {
    const store = sqsStore(ctx.hub, ctx.accountId, ctx.region);
    const prefix = input.QueueNamePrefix ?? "";
    const names = [...store.queues.keys()].filter((name) => name.startsWith(prefix));
    const { page, nextToken } = paginate(names, input.MaxResults, input.NextToken);
    if (page.length === 0) return {};
    return { QueueUrls: page.map((name) => queueUrl(originFor(ctx), ctx.accountId, name)), NextToken: nextToken };
  },
});
