import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from "@aws-sdk/client-lambda";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { createExecutionRole, eventually, fixture, zipOf } from "../helpers/lambda.js";

interface ReportedRecord {
  messageId: string;
  body: string;
  receiveCount: string;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
  keys: string[];
  attributeKeys: string[];
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
}

interface Report {
  size: number;
  records: ReportedRecord[];
}

const consumerZip = zipOf({ "index.mjs": fixture("sqs-consumer.mjs") });

describe("Lambda SQS event source mappings", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let iam: IAMClient;
  let counter = 0;

  const queue = async (name: string, attributes: Record<string, string> = {}) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };

  /** A consumer function and its own source and report queues; the role may read the one and write the other. */
  const pipeline = async (options: { visibilityTimeout?: number; maxReceiveCount?: number; timeout?: number; responseOverride?: string } = {}) => {
    const id = `p${++counter}`;
    const report = await queue(`${id}-report`);
    const deadLetter = await queue(`${id}-dlq`);
    const sourceAttributes: Record<string, string> = { VisibilityTimeout: String(options.visibilityTimeout ?? 30) };
    if (options.maxReceiveCount !== undefined) {
      sourceAttributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: String(options.maxReceiveCount) });
    }
    const source = await queue(`${id}-source`, sourceAttributes);
    const roleArn = await createExecutionRole(iam, `${id}-role`, [
      { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: source.arn },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: report.arn },
    ]);
    const variables: Record<string, string> = { REPORT_QUEUE_URL: report.url };
    if (options.responseOverride) variables.RESPONSE_OVERRIDE = options.responseOverride;
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: `${id}-consumer`,
        Runtime: "nodejs22.x",
        Role: roleArn,
        Handler: "index.handler",
        Timeout: options.timeout ?? 3,
        Code: { ZipFile: consumerZip },
        Environment: { Variables: variables },
      }),
    );
    return { id, report, deadLetter, source, roleArn, functionName: fn.FunctionName!, functionArn: fn.FunctionArn! };
  };

  const map = (functionName: string, sourceArn: string, extra: Partial<CreateEventSourceMappingCommandInput> = {}) =>
    lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: sourceArn, ...extra }));

  /** Reads reports until `done` says enough arrived. */
  const collect = async (reportUrl: string, done: (reports: Report[]) => boolean, timeoutMs = 15_000): Promise<Report[]> => {
    const reports: Report[] = [];
    await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: reportUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const message of received.Messages ?? []) reports.push(JSON.parse(message.Body!) as Report);
      return done(reports) ? true : undefined;
    }, timeoutMs, "reports from the consumer");
    return reports;
  };

  const records = (reports: Report[]) => reports.flatMap((report) => report.records);

  const sendAll = async (url: string, bodies: string[]) => {
    for (let start = 0; start < bodies.length; start += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: bodies.slice(start, start + 10).map((body, index) => ({ Id: String(start + index), MessageBody: body })),
        }),
      );
    }
  };

  const queueCounts = async (url: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
    );
    return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
  };

  before(async () => {
    emulator = await startTestEmulator();
    lambda = new LambdaClient(clientConfig(emulator));
    sqs = new SQSClient(clientConfig(emulator));
    iam = new IAMClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  it("validates a mapping as Lambda does", async () => {
    const p = await pipeline({ timeout: 3 });
    await assert.rejects(map(p.functionName, p.source.arn, { StartingPosition: "LATEST" }), {
      name: "InvalidParameterValueException",
      message: "StartingPosition is not valid for SQS event sources.",
    });
    await assert.rejects(map(p.functionName, p.source.arn, { BatchSize: 20 }), {
      name: "InvalidParameterValueException",
      message: "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
    });
    await assert.rejects(map(p.functionName, p.source.arn, { BatchSize: 10001, MaximumBatchingWindowInSeconds: 1 }), { name: "ValidationException" });
    await assert.rejects(map("no-such-function", p.source.arn), { name: "ResourceNotFoundException" });
    await assert.rejects(map(p.functionName, `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:no-such-queue`), { name: "InvalidParameterValueException" });
    await assert.rejects(map(p.functionName, `arn:aws:kinesis:${TEST_REGION}:${TEST_ACCOUNT}:stream/s`), { name: "InvalidParameterValueException" });

    // The queue's visibility timeout must cover the function's timeout.
    const short = await queue(`${p.id}-short`, { VisibilityTimeout: "2" });
    const shortRole = await createExecutionRole(iam, `${p.id}-short-role`, [
      { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: short.arn },
    ]);
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: `${p.id}-patient`, Runtime: "nodejs22.x", Role: shortRole, Handler: "index.handler", Timeout: 5, Code: { ZipFile: consumerZip } }),
    );
    await assert.rejects(map(`${p.id}-patient`, short.arn), {
      name: "InvalidParameterValueException",
      message: "Queue visibility timeout: 2 seconds is less than Function timeout: 5 seconds",
    });

    // The execution role must be allowed to read the queue.
    const other = await queue(`${p.id}-other`);
    await assert.rejects(map(p.functionName, other.arn), {
      name: "InvalidParameterValueException",
      message: "The function execution role does not have permissions to call ReceiveMessage on SQS",
    });

    const created = await map(p.functionName, p.source.arn);
    await assert.rejects(map(p.functionName, p.source.arn), {
      name: "ResourceConflictException",
      message: new RegExp(`provided mapping already exists\\. Please update or delete the existing mapping with UUID ${created.UUID}$`),
    });
  });

  it("delivers every message in batches of at most BatchSize with Lambda's SQS event, then deletes them", async () => {
    const p = await pipeline();
    const created = await map(p.functionName, p.source.arn, { BatchSize: 10 });
    assert.equal(created.$metadata.httpStatusCode, 202);
    assert.equal(created.State, "Creating");
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: p.source.url,
        MessageBody: "with-attributes",
        MessageAttributes: { color: { DataType: "String", StringValue: "blue" } },
      }),
    );
    const bodies = Array.from({ length: 24 }, (_, i) => `message-${i}`);
    await sendAll(p.source.url, bodies);

    const reports = await collect(p.report.url, (got) => new Set(records(got).map((r) => r.body)).size >= 25);
    assert.ok(reports.every((report) => report.size >= 1 && report.size <= 10));
    const delivered = records(reports);
    assert.deepEqual(new Set(delivered.map((r) => r.body)), new Set(["with-attributes", ...bodies]));

    const record = delivered.find((r) => r.body === "with-attributes")!;
    assert.deepEqual(record.keys, [
      "messageId",
      "receiptHandle",
      "body",
      "attributes",
      "messageAttributes",
      "md5OfMessageAttributes",
      "md5OfBody",
      "eventSource",
      "eventSourceARN",
      "awsRegion",
    ]);
    assert.deepEqual(record.attributeKeys, ["ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"]);
    assert.deepEqual(record.messageAttributes, { color: { stringValue: "blue", stringListValues: [], binaryListValues: [], dataType: "String" } });
    assert.equal(record.eventSource, "aws:sqs");
    assert.equal(record.eventSourceARN, p.source.arn);
    assert.equal(record.awsRegion, TEST_REGION);
    assert.equal(record.receiveCount, "1");
    const plain = delivered.find((r) => r.body === "message-0")!;
    assert.ok(!plain.keys.includes("md5OfMessageAttributes"));

    await eventually(async () => ((await queueCounts(p.source.url)) === 0 ? true : undefined), 10_000, "the source queue to empty");
  });

  it("reports the mapping's state through Get, List, Update and Delete", async () => {
    const p = await pipeline();
    const created = await map(p.functionName, p.source.arn, { BatchSize: 5, ScalingConfig: { MaximumConcurrency: 2 } });
    assert.match(created.UUID!, /^[0-9a-f-]{36}$/);
    assert.equal(created.EventSourceMappingArn, `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:event-source-mapping:${created.UUID}`);
    assert.equal(created.FunctionArn, p.functionArn);
    assert.equal(created.MaximumBatchingWindowInSeconds, 0);
    assert.deepEqual(created.FunctionResponseTypes, []);
    assert.deepEqual(created.ScalingConfig, { MaximumConcurrency: 2 });
    assert.equal(created.StateTransitionReason, "USER_INITIATED");
    assert.ok(created.LastModified instanceof Date);

    const fetched = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(fetched.State, "Enabled");
    const byFunction = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: p.functionName }));
    assert.deepEqual(byFunction.EventSourceMappings?.map((m) => m.UUID), [created.UUID]);
    const bySource = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: p.source.arn }));
    assert.deepEqual(bySource.EventSourceMappings?.map((m) => m.UUID), [created.UUID]);

    const updated = await lambda.send(
      new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 50, MaximumBatchingWindowInSeconds: 2, FunctionResponseTypes: ["ReportBatchItemFailures"] }),
    );
    assert.equal(updated.$metadata.httpStatusCode, 202);
    assert.equal(updated.State, "Updating");
    assert.equal(updated.BatchSize, 50);
    assert.deepEqual(updated.FunctionResponseTypes, ["ReportBatchItemFailures"]);
    const disabled = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
    assert.equal(disabled.State, "Disabling");
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State, "Disabled");

    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    assert.equal(deleted.State, "Deleting");
    await assert.rejects(lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })), {
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
    });
  });

  it("deletes only the successes of a partial batch failure; the failed message goes to the DLQ after maxReceiveCount", async () => {
    // The visibility timeout must outlast the invocation, or the successes come back for a second
    // receive before their deletion, as on AWS. A cold start on a loaded machine can outlast any
    // timeout, so the function is warmed first (its report proves an environment is up): the
    // batch under test then meets a warm environment and finishes in a fraction of the 8 s.
    const p = await pipeline({ visibilityTimeout: 8, maxReceiveCount: 2, timeout: 3 });
    await map(p.functionName, p.source.arn, { FunctionResponseTypes: ["ReportBatchItemFailures"] });
    await sqs.send(new SendMessageCommand({ QueueUrl: p.source.url, MessageBody: "warm-up" }));
    await collect(p.report.url, (got) => records(got).some((r) => r.body === "warm-up"), 120_000);
    await sendAll(p.source.url, ["good-1", "bad-1", "good-2"]);

    const reports = await collect(p.report.url, (got) => records(got).filter((r) => r.body === "bad-1").length >= 2, 60_000);
    const delivered = records(reports);
    assert.deepEqual(delivered.filter((r) => r.body === "bad-1").map((r) => r.receiveCount), ["1", "2"]);
    // The successes were deleted after their first delivery.
    assert.equal(delivered.filter((r) => r.body === "good-1").length, 1);
    assert.equal(delivered.filter((r) => r.body === "good-2").length, 1);

    const deadLetters = await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: p.deadLetter.url, WaitTimeSeconds: 1 }));
      return received.Messages?.length ? received.Messages : undefined;
    }, 60_000, "the failed message in the DLQ");
    assert.deepEqual(deadLetters.map((m: Message) => m.Body), ["bad-1"]);
  });

  it("retries a whole failed batch until the DLQ, and treats an unreadable partial response as a full failure", async () => {
    const failing = await pipeline({ visibilityTimeout: 1, maxReceiveCount: 2, timeout: 1 });
    await map(failing.functionName, failing.source.arn);
    await sqs.send(new SendMessageCommand({ QueueUrl: failing.source.url, MessageBody: "fail" }));
    const attempts = await collect(failing.report.url, (got) => records(got).length >= 2);
    assert.deepEqual(records(attempts).map((r) => r.receiveCount), ["1", "2"]);
    await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: failing.deadLetter.url, WaitTimeSeconds: 1 }));
      return received.Messages?.[0]?.Body === "fail" ? true : undefined;
    }, 10_000, "the failed batch in the DLQ");

    const unreadable = await pipeline({
      visibilityTimeout: 1,
      maxReceiveCount: 2,
      timeout: 1,
      responseOverride: JSON.stringify({ batchItemFailures: [{ itemIdentifier: "not-in-this-batch" }] }),
    });
    await map(unreadable.functionName, unreadable.source.arn, { FunctionResponseTypes: ["ReportBatchItemFailures"] });
    await sqs.send(new SendMessageCommand({ QueueUrl: unreadable.source.url, MessageBody: "fine" }));
    const retried = await collect(unreadable.report.url, (got) => records(got).length >= 2);
    assert.deepEqual(records(retried).map((r) => r.receiveCount), ["1", "2"]);
  });

  it("ignores batchItemFailures when the mapping does not report them: the whole batch is deleted", async () => {
    const p = await pipeline({ visibilityTimeout: 1, timeout: 1 });
    await map(p.functionName, p.source.arn);
    await sqs.send(new SendMessageCommand({ QueueUrl: p.source.url, MessageBody: "bad-but-ignored" }));
    await collect(p.report.url, (got) => records(got).length >= 1);
    await eventually(async () => ((await queueCounts(p.source.url)) === 0 ? true : undefined), 5_000, "the message to be deleted");
  });

  it("gathers more than 10 messages within the batching window", async () => {
    const p = await pipeline();
    await map(p.functionName, p.source.arn, { BatchSize: 30, MaximumBatchingWindowInSeconds: 1, ScalingConfig: { MaximumConcurrency: 2 } });
    const bodies = Array.from({ length: 25 }, (_, i) => `windowed-${i}`);
    await sendAll(p.source.url, bodies);
    const reports = await collect(p.report.url, (got) => records(got).length >= 25);
    assert.ok(reports.some((report) => report.size > 10), `batch sizes ${reports.map((report) => report.size).join(",")}`);
    assert.ok(reports.every((report) => report.size <= 30));
  });

  it("stops delivering while disabled and resumes when enabled again", async () => {
    const p = await pipeline({ visibilityTimeout: 2, timeout: 1 });
    const { UUID } = await map(p.functionName, p.source.arn);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    await eventually(async () => ((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State === "Disabled" ? true : undefined), 30_000, "the mapping to be Disabled");
    await sqs.send(new SendMessageCommand({ QueueUrl: p.source.url, MessageBody: "while-disabled" }));
    // Synchronised on state, not on a quiet pause: an enabled mapping sent a message after this one
    // delivers it, so the pollers have run since; the disabled one's message is still untouched in its queue.
    const control = await pipeline({ visibilityTimeout: 2, timeout: 1 });
    await map(control.functionName, control.source.arn);
    await sqs.send(new SendMessageCommand({ QueueUrl: control.source.url, MessageBody: "control" }));
    await collect(control.report.url, (got) => records(got).some((r) => r.body === "control"), 120_000);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: p.source.url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"] }),
    );
    assert.deepEqual(Attributes, { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "0", ApproximateNumberOfMessagesDelayed: "0" }, "never received while disabled");
    const quiet = await sqs.send(new ReceiveMessageCommand({ QueueUrl: p.report.url, WaitTimeSeconds: 0 }));
    assert.equal(quiet.Messages, undefined);

    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    const reports = await collect(p.report.url, (got) => records(got).some((r) => r.body === "while-disabled"));
    assert.equal(records(reports).find((r) => r.body === "while-disabled")!.receiveCount, "1", "its first receive came after the mapping was enabled");
  });

  it("keeps a mapping whose function was deleted, and delivers again once the function exists again", async () => {
    const p = await pipeline({ visibilityTimeout: 2, timeout: 1 });
    const { UUID } = await map(p.functionName, p.source.arn);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: p.functionName }));
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, "Enabled");
    await sqs.send(new SendMessageCommand({ QueueUrl: p.source.url, MessageBody: "orphaned" }));

    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: p.functionName,
        Runtime: "nodejs22.x",
        Role: p.roleArn,
        Handler: "index.handler",
        Timeout: 1,
        Code: { ZipFile: consumerZip },
        Environment: { Variables: { REPORT_QUEUE_URL: p.report.url } },
      }),
    );
    const reports = await collect(p.report.url, (got) => records(got).some((r) => r.body === "orphaned"));
    assert.ok(records(reports).some((r) => r.body === "orphaned"));
  });
});

describe("Lambda SQS event source mappings: state transitions", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;

  before(async () => {
    emulator = await startTestEmulator({
      delays: { iamPropagationMs: 0, functionPendingMs: 0, functionUpdateMs: 0, mappingTransitionMs: 400 },
    });
    lambda = new LambdaClient(clientConfig(emulator));
    const sqs = new SQSClient(clientConfig(emulator));
    const iam = new IAMClient(clientConfig(emulator));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "transitions" }));
    const roleArn = await createExecutionRole(iam, "transitions-role", [
      { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: "*" },
    ]);
    void QueueUrl;
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: "transitions", Runtime: "nodejs22.x", Role: roleArn, Handler: "index.handler", Code: { ZipFile: consumerZip } }),
    );
  });
  after(async () => {
    await emulator.stop();
  });

  it("refuses updates and deletion while the mapping is between states (ResourceInUseException)", async () => {
    const arn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:transitions`;
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "transitions", EventSourceArn: arn }));
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, "Creating");
    await assert.rejects(lambda.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 5 })), { name: "ResourceInUseException" });
    await assert.rejects(lambda.send(new DeleteEventSourceMappingCommand({ UUID })), { name: "ResourceInUseException" });
    await eventually(async () => ((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State === "Enabled" ? true : undefined), 5_000, "Enabled");

    const deleting = await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
    assert.equal(deleting.State, "Deleting");
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, "Deleting");
    await eventually(
      async () => lambda.send(new GetEventSourceMappingCommand({ UUID })).then(() => undefined, (error: Error) => (error.name === "ResourceNotFoundException" ? true : undefined)),
      5_000,
      "the mapping to be gone",
    );
  });
});
