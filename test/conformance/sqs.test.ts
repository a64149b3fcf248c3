/**
 * SQS answers compared with recorded AWS answers (localstack
 * tests/aws/services/sqs/test_sqs.snapshot.json and test_sqs_move_task.snapshot.json,
 * the JSON-protocol "[sqs]" variants unless a test says "[sqs_query]").
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { signedFetch } from "../helpers/signed-fetch.js";
import { rawAnswers, rejectsAsRecorded } from "../helpers/recorded.js";

describe("SQS conformance with recorded AWS answers", () => {
  let emulator: RunningEmulator;
  let sqs: SQSClient;
  let raw: ReturnType<typeof rawAnswers>;
  before(async () => {
    emulator = await startTestEmulator();
    sqs = new SQSClient(clientConfig(emulator));
    raw = rawAnswers(sqs);
  });
  after(async () => {
    await emulator.stop();
  });

  const create = async (QueueName: string, Attributes?: Record<string, string>) =>
    (await sqs.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;

  // "test_non_existent_queue"; a malformed URL is answered the same (moto's AWS-verified test_get_nonexistent_queue)
  it("answers QueueDoesNotExist for a deleted queue, an unknown name and a malformed queue URL", async () => {
    const url = await create("soon-gone");
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const recorded = { code: "QueueDoesNotExist", status: 400, message: "The specified queue does not exist." };
    await rejectsAsRecorded(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url })), recorded);
    assert.equal(raw.last().headers["x-amzn-query-error"], "AWS.SimpleQueueService.NonExistentQueue;Sender");
    await rejectsAsRecorded(sqs.send(new GetQueueUrlCommand({ QueueName: "soon-gone" })), recorded);
    for (const malformed of [`${emulator.endpoint}/not-a-queue-path`, `${emulator.endpoint}/12345/short-account`]) {
      await rejectsAsRecorded(sqs.send(new GetQueueAttributesCommand({ QueueUrl: malformed })), recorded);
    }
  });

  // "test_non_existent_queue" "queue-does-not-exist-query": the query protocol words it for the wsdl version
  it("the query protocol answers the NonExistentQueue code with its own wording", async () => {
    const response = await signedFetch(emulator.endpoint, {
      service: "sqs",
      path: `/${TEST_ACCOUNT}/never-made`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `Action=GetQueueAttributes&Version=2012-11-05&QueueUrl=${encodeURIComponent(`${emulator.endpoint}/${TEST_ACCOUNT}/never-made`)}`,
    });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /<Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code>/);
    assert.match(text, /<Message>The specified queue does not exist for this wsdl version\.<\/Message>/);
  });

  // "test_send_empty_message", "test_send_receive_max_number_of_messages": the JSON __type and the query code differ for these two
  it("the JSON answer names InvalidParameterValue and MissingParameter by their exception types, the header by the query codes", async () => {
    const url = await create("raw-errors");
    const cases: [string, object, string, string][] = [
      ["ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: 11 }, "InvalidParameterValueException", "InvalidParameterValue;Sender"],
      ["SendMessage", { QueueUrl: url, MessageBody: "" }, "MissingRequiredParameterException", "MissingParameter;Sender"],
    ];
    for (const [operation, body, type, header] of cases) {
      const response = await signedFetch(emulator.endpoint, {
        service: "sqs",
        path: "/",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${operation}` },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get("x-amzn-query-error"), header);
      assert.match((JSON.parse(await response.text()) as { __type: string }).__type, new RegExp(`(^|#)${type}$`));
    }
  });

  // "test_set_queue_attributes_default_values" "get-queue-attributes-initial-values"
  it("a new queue answers the recorded default attributes", async () => {
    const url = await create("defaults");
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }));
    const { CreatedTimestamp, LastModifiedTimestamp, ...fixed } = Attributes!;
    assert.match(CreatedTimestamp!, /^\d{10}$/);
    assert.match(LastModifiedTimestamp!, /^\d{10}$/);
    assert.deepEqual(fixed, {
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesDelayed: "0",
      ApproximateNumberOfMessagesNotVisible: "0",
      DelaySeconds: "0",
      MaximumMessageSize: "1048576",
      MessageRetentionPeriod: "345600",
      QueueArn: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:defaults`,
      ReceiveMessageWaitTimeSeconds: "0",
      SqsManagedSseEnabled: "true",
      VisibilityTimeout: "30",
    });
  });

  // "test_create_and_update_queue_attributes"
  it("SetQueueAttributes changes what GetQueueAttributes answers", async () => {
    const url = await create("updated", { VisibilityTimeout: "20", ReceiveMessageWaitTimeSeconds: "10" });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: "420", MaximumMessageSize: "2048", VisibilityTimeout: "69" } }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }));
    assert.deepEqual(
      [Attributes!.DelaySeconds, Attributes!.MaximumMessageSize, Attributes!.VisibilityTimeout, Attributes!.ReceiveMessageWaitTimeSeconds],
      ["420", "2048", "69", "10"],
    );
  });

  // "test_tag_untag_queue": an empty value is kept; no Tags member once all are gone
  it("TagQueue, ListQueueTags and UntagQueue answer as recorded", async () => {
    const url = await create("tagged");
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { tag1: "value1", tag2: "value2", tag3: "" } }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { tag1: "value1", tag2: "value2", tag3: "" });
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["tag1", "tag3"] }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { tag2: "value2" });
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["tag2"] }));
    assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, undefined);
  });

  // "test_list_queues_pagination": two per page with a NextToken, then the rest without one
  it("ListQueues pages with MaxResults and NextToken", async () => {
    for (let i = 0; i < 4; i++) await create(`paged-${i}`);
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "paged-", MaxResults: 2 }));
    assert.deepEqual(first.QueueUrls?.map((u) => u.split("/").pop()), ["paged-0", "paged-1"]);
    assert.ok(first.NextToken);
    const rest = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "paged-", MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(rest.QueueUrls?.map((u) => u.split("/").pop()), ["paged-2", "paged-3"]);
    assert.equal(rest.NextToken, undefined);
  });

  // "test_send_empty_message", "test_receive_empty_queue"
  it("refuses an empty body with MissingParameter and answers an empty receive without Messages", async () => {
    const url = await create("messages");
    await rejectsAsRecorded(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "" })), {
      code: "MissingParameter",
      status: 400,
      message: "The request must contain the parameter MessageBody.",
    });
    const empty = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(empty.Messages, undefined);
  });

  // "test_change_message_visibility_after_visibility_timeout_expiration", "test_delete_after_visibility_timeout": 200, empty answers
  it("send, receive, change visibility and delete answer 200 with the recorded members", async () => {
    const url = await create("lifecycle");
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "hello" }));
    assert.equal(sent.MD5OfMessageBody, "5d41402abc4b2a76b9719d911017c592");
    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }))).Messages!;
    assert.deepEqual([message!.Body, message!.MessageId], ["hello", sent.MessageId]);
    const changed = await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 0 }));
    assert.equal(changed.$metadata.httpStatusCode, 200);
    const again = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0]!;
    const deleted = await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again.ReceiptHandle }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
  });

  // "test_too_many_entries_in_batch_request", "test_change_message_visibility_batch_with_too_large_batch", "test_delete_message_batch_invalid_msg_id[sqs-invalid:id]"
  it("batch operations refuse more than 10 entries and invalid entry ids as recorded", async () => {
    const url = await create("batches");
    const tooMany = {
      code: "TooManyEntriesInBatchRequest",
      status: 400,
      message: "Maximum number of entries per request are 10. You have sent 20.",
    };
    const twenty = Array.from({ length: 20 }, (_, i) => i);
    await rejectsAsRecorded(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: twenty.map((i) => ({ Id: `m${i}`, MessageBody: "b" })) })), tooMany);
    await rejectsAsRecorded(
      sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: twenty.map((i) => ({ Id: `m${i}`, ReceiptHandle: "r", VisibilityTimeout: 0 })) })),
      tooMany,
    );
    await rejectsAsRecorded(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "invalid:id", ReceiptHandle: "r" }] })), {
      code: "InvalidBatchEntryId",
      status: 400,
      message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    });
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "one", MessageBody: "1" }, { Id: "two", MessageBody: "2" }] }));
    assert.deepEqual(sent.Successful?.map((s) => s.Id).sort(), ["one", "two"]);
    assert.equal(sent.Failed, undefined);
  });

  // "test_successive_purge_calls_fail": 403 within 60 seconds
  it("a second PurgeQueue within 60 seconds is PurgeQueueInProgress (403)", async () => {
    const url = await create("purged");
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    await rejectsAsRecorded(sqs.send(new PurgeQueueCommand({ QueueUrl: url })), {
      code: "PurgeQueueInProgress",
      status: 403,
      message: "Only one PurgeQueue operation on purged is allowed every 60 seconds.",
    });
  });

  // test_sqs_move_task.snapshot.json "test_source_needs_redrive_policy", "test_basic_move_task_workflow", "test_cancel_with_invalid_task_handle"
  it("message move tasks: the source must be a dead-letter queue; tasks are listed; a bad handle is refused", async () => {
    const dlq = await create("move-dlq");
    const dlqArn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:move-dlq`;
    const source = await create("move-source", { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    const sourceArn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:move-source`;
    assert.deepEqual((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls, [source]);
    await rejectsAsRecorded(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn })), {
      code: "InvalidParameterValue",
      status: 400,
      message: "Source queue must be configured as a Dead Letter Queue.",
    });
    const started = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: sourceArn }));
    assert.ok(started.TaskHandle);
    const listed = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
    assert.deepEqual([listed.Results?.[0]?.SourceArn, listed.Results?.[0]?.DestinationArn], [dlqArn, sourceArn]);
    await rejectsAsRecorded(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: "not-a-handle" })), {
      code: "InvalidParameterValue",
      status: 400,
      message: "Value for parameter TaskHandle is invalid.",
    });
  });
});
