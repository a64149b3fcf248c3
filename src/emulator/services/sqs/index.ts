/**
 * SQS: standard queues over JSON 1.0 (current SDKs and CLIs) and the query
 * protocol (older clients such as Debian's AWS CLI 2.9). Queue policies are
 * the resource policies the IAM layer applies to SNS and S3 deliveries.
 */
import * as schemas from "@aws-sdk/client-sqs";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { cancelMessageMoveTask } from "./operations/cancel-message-move-task.js";
import { changeMessageVisibilityBatch } from "./operations/change-message-visibility-batch.js";
import { changeMessageVisibility } from "./operations/change-message-visibility.js";
import { createQueue } from "./operations/create-queue.js";
import { deleteMessageBatch } from "./operations/delete-message-batch.js";
import { deleteMessage } from "./operations/delete-message.js";
import { deleteQueue } from "./operations/delete-queue.js";
import { getQueueAttributes } from "./operations/get-queue-attributes.js";
import { getQueueUrl } from "./operations/get-queue-url.js";
import { listDeadLetterSourceQueues } from "./operations/list-dead-letter-source-queues.js";
import { listMessageMoveTasks } from "./operations/list-message-move-tasks.js";
import { listQueueTags } from "./operations/list-queue-tags.js";
import { listQueues } from "./operations/list-queues.js";
import { purgeQueue } from "./operations/purge-queue.js";
import { receiveMessage } from "./operations/receive-message.js";
import { sendMessageBatch } from "./operations/send-message-batch.js";
import { sendMessage } from "./operations/send-message.js";
import { setQueueAttributes } from "./operations/set-queue-attributes.js";
import { startMessageMoveTask } from "./operations/start-message-move-task.js";
import { tagQueue } from "./operations/tag-queue.js";
import { untagQueue } from "./operations/untag-queue.js";
import { closeAllQueues, queueByArn } from "./store.js";

export const sqs: ServiceDefinition = {
  signingName: "sqs",
  displayName: "SQS",
  protocol: "awsJson1_0",
  schemas,
  targetPrefix: "AmazonSQS",
  queryCompatible: { xmlNamespace: "http://queue.amazonaws.com/doc/2012-11-05/", version: "2012-11-05" },
  // A 1 MiB message percent-encoded by a query-protocol client can take three times that.
  maxBodyBytes: 4 * 1024 * 1024,
  operations: {
    CreateQueue: createQueue,
    GetQueueUrl: getQueueUrl,
    ListQueues: listQueues,
    DeleteQueue: deleteQueue,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
    TagQueue: tagQueue,
    UntagQueue: untagQueue,
    ListQueueTags: listQueueTags,
    SendMessage: sendMessage,
    SendMessageBatch: sendMessageBatch,
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
    ChangeMessageVisibility: changeMessageVisibility,
    ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
    PurgeQueue: purgeQueue,
    ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
    StartMessageMoveTask: startMessageMoveTask,
    ListMessageMoveTasks: listMessageMoveTasks,
    CancelMessageMoveTask: cancelMessageMoveTask,
  },
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403, queryCode: "AccessDenied" }),
  authErrors: queryAuthErrors(),
  resourcePolicy: (arn, hub) => queueByArn(hub, arn)?.settings.Policy?.document,
  // Long polls (Lambda pollers among them) end empty, timers stop: nothing keeps the process alive.
  stop: (hub) => closeAllQueues(hub),
};
