import type { ListMessageMoveTasksCommandInput, ListMessageMoveTasksCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { invalidParameter, required, resourceNotFound } from "../errors.js";
import { queueByArn, sqsStore } from "../store.js";

/** The most recent tasks of a source queue, newest first: MaxResults 1 to 10, default 1. */
export const listMessageMoveTasks = defineOperation<ListMessageMoveTasksCommandInput, ListMessageMoveTasksCommandOutput>({
  access: (input) => ({ action: "sqs:ListMessageMoveTasks", resource: required(input.SourceArn, "SourceArn") }),
  handle: (input, ctx) => {
    const maxResults = input.MaxResults ?? 1;
    if (maxResults < 1 || maxResults > 10) {
      throw invalidParameter("MaxResults", maxResults, "Must be between 1 and 10, if provided.");
    }
    const source = queueByArn(ctx.hub, input.SourceArn!);
    if (!source) throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const newestFirst = [...sqsStore(ctx.hub, source.accountId, source.region).moveTasksOf(source)].reverse().slice(0, maxResults);
    return { Results: newestFirst.map((task) => task.toListEntry()) };
  },
});
