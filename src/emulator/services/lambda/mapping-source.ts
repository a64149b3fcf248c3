/**
 * What CreateEventSourceMapping (and an update that changes the function)
 * checks about the queue, as Lambda does it: through the SQS API as the
 * function's execution role. The role needs sqs:ReceiveMessage,
 * sqs:DeleteMessage and sqs:GetQueueAttributes on the queue, the queue must
 * exist, and its visibility timeout must cover the function's timeout.
 */
import type { GetQueueAttributesCommandOutput } from "@aws-sdk/client-sqs";
import { AwsError } from "../../errors.js";
import { roleDirectory, type OperationContext } from "../service.js";
import { parseQueueArn, queueUrlForArn } from "../../queue-address.js";
import { invalidParameter } from "./errors.js";
import type { LambdaFunction } from "./lambda-function.js";

const REQUIRED_ACTIONS = ["ReceiveMessage", "DeleteMessage", "GetQueueAttributes"];

export interface QueueFacts {
  fifo: boolean;
}

/** Refuses anything but an SQS queue ARN in the function's region. */
export function requireSqsSource(eventSourceArn: string | undefined, fn: LambdaFunction): string {
  // No source at all is answered as recorded (test_lambda_api.snapshot.json "test_event_source_mapping_exceptions").
  if (eventSourceArn === undefined) throw invalidParameter("Unrecognized event source.");
  const queue = parseQueueArn(eventSourceArn);
  if (!queue) {
    throw invalidParameter(`The eda emulator provides event source mappings for SQS queues only; ${eventSourceArn} is not an SQS queue ARN.`);
  }
  if (queue.region !== fn.region) {
    // Wording unconfirmed: Lambda polls queues in the function's own region only.
    throw invalidParameter(`The SQS queue ${eventSourceArn} is not in the function's region ${fn.region}.`);
  }
  return eventSourceArn!;
}

export async function checkQueueForFunction(ctx: OperationContext, queueArn: string, fn: LambdaFunction): Promise<QueueFacts> {
  const hub = ctx.hub;
  const session = roleDirectory(hub).roleSession(hub, fn.settings.role, fn.name);
  for (const action of REQUIRED_ACTIONS) {
    if (!session || !hub.check("sqs", { action: `sqs:${action}`, resource: queueArn }, session).allowed) {
      throw invalidParameter(`The function execution role does not have permissions to call ${action} on SQS`);
    }
  }
  let attributes: Record<string, string>;
  try {
    const output = await hub.call<GetQueueAttributesCommandOutput>({
      service: "sqs",
      operation: "GetQueueAttributes",
      input: { QueueUrl: queueUrlForArn(hub, queueArn), AttributeNames: ["VisibilityTimeout", "FifoQueue"] },
      principal: session!,
      region: fn.region,
    });
    attributes = output.Attributes ?? {};
  } catch (error) {
    if (error instanceof AwsError && error.code === "QueueDoesNotExist") {
      // Wording unconfirmed: Lambda reports SQS's own error for a missing queue.
      throw invalidParameter(
        "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.",
      );
    }
    throw error;
  }
  const visibilityTimeout = Number(attributes.VisibilityTimeout ?? 30);
  if (visibilityTimeout < fn.settings.timeout) {
    throw invalidParameter(
      `Queue visibility timeout: ${visibilityTimeout} seconds is less than Function timeout: ${fn.settings.timeout} seconds`,
    );
  }
  return { fifo: attributes.FifoQueue === "true" };
}
