import type { StartMessageMoveTaskCommandInput, StartMessageMoveTaskCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { invalidParameter, invalidParameterValue, required, resourceNotFound } from "../errors.js";
import { MessageMoveTask } from "../move-task.js";
import { parseQueueArn } from "../../../queue-address.js";
import { queueByArn, queueEnvironment, sqsStore } from "../store.js";

const ARN_FORMAT =
  "You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>";

/**
 * Redrives a dead-letter queue: to DestinationArn, or each message back to
 * the queue it was dead-lettered from. One active task per source queue.
 */
export const startMessageMoveTask = defineOperation<StartMessageMoveTaskCommandInput, StartMessageMoveTaskCommandOutput>({
  access: (input) => ({ action: "sqs:StartMessageMoveTask", resource: required(input.SourceArn, "SourceArn") }),
  handle: (input, ctx) => {
    const sourceArn = input.SourceArn!;
    const location = parseQueueArn(sourceArn);
    if (!location) throw invalidParameterValue(ARN_FORMAT);
    const source = queueByArn(ctx.hub, sourceArn);
    if (!source) throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const isDeadLetterQueue = [...sqsStore(ctx.hub, location.accountId, location.region).queues.values()].some(
      (queue) => queue.settings.RedrivePolicy?.deadLetterTargetArn === sourceArn,
    );
    if (!isDeadLetterQueue) throw invalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
    const destinationArn = input.DestinationArn;
    if (destinationArn !== undefined && !queueByArn(ctx.hub, destinationArn)) {
      throw resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
    }
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (rate < 1 || rate > 500)) {
      throw invalidParameter("MaxNumberOfMessagesPerSecond", rate, "Must be between 1 and 500, if provided.");
    }
    const tasks = sqsStore(ctx.hub, source.accountId, source.region).moveTasksOf(source);
    if (tasks.some((task) => task.status === "RUNNING")) {
      throw invalidParameterValue(
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
      );
    }
    const task = new MessageMoveTask(source, destinationArn, rate, queueEnvironment(ctx.hub));
    tasks.push(task);
    return { TaskHandle: task.taskHandle };
  },
});
