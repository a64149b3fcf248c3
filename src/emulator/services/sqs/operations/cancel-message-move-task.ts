import type { CancelMessageMoveTaskCommandInput, CancelMessageMoveTaskCommandOutput } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../service.js";
import { invalidParameterValue, required, resourceNotFound } from "../errors.js";
import { decodeTaskHandle } from "../move-task.js";
import { queueByArn, sqsStore } from "../store.js";

function taskNotFound() {
  return resourceNotFound("Task does not exist.");
}

/**
 * As recorded (localstack test_sqs_move_task.snapshot.json "test_cancel_with_invalid_task_handle",
 * "test_cancel_with_invalid_source_arn_in_task_handle", "test_cancel_with_invalid_task_id_in_task_handle").
 */
function invalidTaskHandle() {
  return invalidParameterValue("Value for parameter TaskHandle is invalid.");
}

/** Only a RUNNING task can be cancelled; the answer says how many messages it had moved. */
export const cancelMessageMoveTask = defineOperation<CancelMessageMoveTaskCommandInput, CancelMessageMoveTaskCommandOutput>({
  access: (input) => {
    const decoded = decodeTaskHandle(required(input.TaskHandle, "TaskHandle"));
    if (!decoded) throw invalidTaskHandle();
    return { action: "sqs:CancelMessageMoveTask", resource: decoded.sourceArn };
  },
  handle: (input, ctx) => {
    const { sourceArn } = decodeTaskHandle(input.TaskHandle!)!;
    const source = queueByArn(ctx.hub, sourceArn);
    if (!source) throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const task = sqsStore(ctx.hub, source.accountId, source.region).moveTasksOf(source).find((t) => t.taskHandle === input.TaskHandle);
    if (!task) throw taskNotFound();
    // The message text is unconfirmed; AWS documents only that RUNNING tasks can be cancelled.
    if (task.status !== "RUNNING") throw invalidParameterValue(`Only a task with status RUNNING can be cancelled; this task is ${task.status}.`);
    return { ApproximateNumberOfMessagesMoved: task.cancel() };
  },
});
