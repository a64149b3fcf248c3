/**
 * Protocol round trips: a real SDK v3 client serialises a command, the
 * emulator's codec decodes it, encodes an answer (or an error), and the same
 * client deserialises that answer. Covers restXml (S3), restJson1 (Lambda),
 * awsJson1_0 (SQS), awsJson1_1 (CloudWatch Logs) and awsQuery (SNS, IAM,
 * STS): structures, lists (wrapped and flattened), maps, timestamps in every
 * format, blobs, payloads, headers, status codes and error envelopes.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import {
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
  type NotificationConfiguration,
} from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient, UnsubscribeCommand } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsError } from "../../../../src/emulator/errors.js";
import { allServices } from "../../../../src/emulator/services/registry.js";
import { clientConfig, CodecTransport, plain } from "./sdk-round-trip.js";

function transportFor(signingName: string): CodecTransport {
  return new CodecTransport(allServices.find((service) => service.signingName === signingName)!);
}

/** Any client: only `send` matters here. */
interface Client {
  send(command: unknown): Promise<unknown>;
}

/** A command whose input and output make the round trip unchanged. */
interface Case {
  title: string;
  command: { input: object };
  operation: string;
  output: object;
  /** What the SDK hands back, when it differs from `output` (defaults it fills in, bodies read). */
  result?: object;
}

/** Sends `command`, answering with `output`; the codec must decode the command's input and the SDK must read `output` back. */
async function roundTrip(client: Client, transport: CodecTransport, c: Case): Promise<void> {
  transport.answer = () => c.output;
  const result = await client.send(c.command);
  const { decoded } = transport.last!;
  assert.equal(decoded.operation, c.operation);
  const input = (await plain(decoded.input)) as Record<string, unknown>;
  for (const [member, value] of Object.entries(c.command.input)) {
    assert.deepEqual(input[member], await plain(value), `input member ${member}`);
  }
  assert.deepEqual(await plain(result), await plain(c.result ?? c.output));
}

/** Sends `command`, answering with `error`; the SDK must raise it by name, with its message, status and request id. */
async function errorTrip(client: Client, transport: CodecTransport, command: unknown, error: AwsError, name: string, status: number) {
  transport.answer = () => {
    throw error;
  };
  const thrown = await client.send(command).then(
    () => assert.fail("the command succeeded"),
    (e: unknown) => e as Error & { $metadata: { httpStatusCode?: number; requestId?: string } },
  );
  assert.equal(thrown.name, name);
  assert.equal(thrown.$metadata.httpStatusCode, status);
  assert.equal(thrown.$metadata.requestId, transport.last!.headers["x-amz-request-id"] ?? transport.last!.headers["x-amzn-requestid"]);
  return thrown;
}

const when = new Date("2026-01-02T03:04:05.678Z");
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("restXml round trips (S3)", () => {
  const transport = transportFor("s3");
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true, requestHandler: transport });
  const owner = { ID: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", DisplayName: "eda" };
  const notifications: NotificationConfiguration = {
    QueueConfigurations: [
      {
        Id: "to-queue",
        QueueArn: "arn:aws:sqs:us-east-1:000000000000:uploads",
        Events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
        Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }, { Name: "suffix", Value: ".json" }] } },
      },
    ],
    TopicConfigurations: [{ Id: "to-topic", TopicArn: "arn:aws:sns:us-east-1:000000000000:t", Events: ["s3:ObjectCreated:Put"] }],
    LambdaFunctionConfigurations: [
      { Id: "to-fn", LambdaFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:f", Events: ["s3:ObjectCreated:*"] },
    ],
  };
  const cases: Case[] = [
    {
      title: "ListBuckets: a wrapped list of structures with timestamps, a nested structure",
      command: new ListBucketsCommand({}),
      operation: "ListBuckets",
      output: {
        Buckets: [
          { Name: "b1", CreationDate: when, BucketRegion: "us-east-1" },
          { Name: "b2", CreationDate: new Date("2026-01-02T00:00:00.000Z"), BucketRegion: "eu-west-1" },
        ],
        Owner: owner,
      },
    },
    {
      title: "ListObjectsV2: query parameters in, flattened lists and escaped keys out",
      command: new ListObjectsV2Command({ Bucket: "b1", Prefix: "in/", Delimiter: "/", MaxKeys: 2, ContinuationToken: "tok=1", StartAfter: "in/a" }),
      operation: "ListObjectsV2",
      output: {
        Name: "b1",
        Prefix: "in/",
        Delimiter: "/",
        MaxKeys: 2,
        KeyCount: 3,
        IsTruncated: true,
        ContinuationToken: "tok=1",
        NextContinuationToken: "tok=2",
        StartAfter: "in/a",
        Contents: [
          { Key: "in/a <b> & 'c'.json", LastModified: when, ETag: '"5d41402abc4b2a76b9719d911017c592"', Size: 5, StorageClass: "STANDARD" },
          { Key: "in/über\r\nline.json", LastModified: when, ETag: '"x"', Size: 0, StorageClass: "STANDARD" },
        ],
        CommonPrefixes: [{ Prefix: "in/sub/" }],
      },
    },
    {
      title: "PutObject: a blob payload, prefixed metadata headers and a label with spaces in; headers out",
      command: new PutObjectCommand({
        Bucket: "b1",
        Key: "dir/über file+1.txt",
        Body: Buffer.from("hello"),
        ContentType: "text/plain",
        Metadata: { origin: "round-trip" },
        Tagging: "a=b&c=d",
      }),
      operation: "PutObject",
      output: { ETag: '"5d41402abc4b2a76b9719d911017c592"', VersionId: "v1", ServerSideEncryption: "AES256" },
    },
    {
      title: "GetObject: a Range header in; a streamed body, HTTP-date and numeric headers out with 206",
      command: new GetObjectCommand({ Bucket: "b1", Key: "k", Range: "bytes=0-4" }),
      operation: "GetObject",
      output: {
        Body: new Uint8Array(Buffer.from("hello")),
        ContentLength: 5,
        ContentRange: "bytes 0-4/11",
        ContentType: "text/plain",
        ETag: '"e"',
        LastModified: new Date("2026-01-02T03:04:05.000Z"),
        Metadata: { origin: "round-trip" },
        AcceptRanges: "bytes",
      },
    },
    {
      title: "PutBucketNotificationConfiguration: a structure payload with flattened lists in",
      command: new PutBucketNotificationConfigurationCommand({ Bucket: "b1", NotificationConfiguration: notifications }),
      operation: "PutBucketNotificationConfiguration",
      output: {},
    },
    {
      title: "GetBucketNotificationConfiguration: flattened lists of nested structures out",
      command: new GetBucketNotificationConfigurationCommand({ Bucket: "b1" }),
      operation: "GetBucketNotificationConfiguration",
      output: notifications,
    },
    {
      title: "DeleteObjects: a list payload in; flattened successes and errors out",
      command: new DeleteObjectsCommand({ Bucket: "b1", Delete: { Objects: [{ Key: "a" }, { Key: "b&c" }], Quiet: false } }),
      operation: "DeleteObjects",
      output: { Deleted: [{ Key: "a" }], Errors: [{ Key: "b&c", Code: "AccessDenied", Message: "Access Denied" }] },
    },
    {
      title: "GetObjectAcl: a grantee with its xsi:type attribute in its own namespace",
      command: new GetObjectAclCommand({ Bucket: "b1", Key: "k" }),
      operation: "GetObjectAcl",
      output: { Owner: owner, Grants: [{ Grantee: { ...owner, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }] },
    },
    {
      title: "PutBucketTagging: a wrapped list with its own item name in; 204 out",
      command: new PutBucketTaggingCommand({ Bucket: "b1", Tagging: { TagSet: [{ Key: "eda:stack", Value: "demo & co" }] } }),
      operation: "PutBucketTagging",
      output: {},
    },
    {
      title: "GetObjectTagging: a tag set out beside a header",
      command: new GetObjectTaggingCommand({ Bucket: "b1", Key: "k", VersionId: "v1" }),
      operation: "GetObjectTagging",
      output: { VersionId: "v1", TagSet: [{ Key: "k", Value: "v<w>" }] },
    },
  ];
  for (const c of cases) it(c.title, () => roundTrip(s3, transport, c));

  it("PutBucketTagging answers 204 No Content, which the SDK takes as success", async () => {
    transport.answer = () => ({});
    await s3.send(new PutBucketTaggingCommand({ Bucket: "b1", Tagging: { TagSet: [] } }));
    assert.equal(transport.last!.status, 204);
  });

  it("an error carries its code, message and extra elements in <Error>, with the request and host ids", async () => {
    const error = new AwsError("NoSuchKey", "The specified key does not exist.", { status: 404, fields: { Key: "a<b" } });
    const thrown = await errorTrip(s3, transport, new GetObjectCommand({ Bucket: "b1", Key: "a<b" }), error, "NoSuchKey", 404);
    assert.equal(thrown.message, "The specified key does not exist.");
    const body = transport.last!.body;
    assert.match(body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code>/);
    assert.match(body, /<Key>a&lt;b<\/Key><RequestId>req-\d+<\/RequestId><HostId>[A-Za-z0-9+/=]+<\/HostId><\/Error>$/);
  });

  it("a HEAD error has no body: the SDK names it from the status", async () => {
    const error = new AwsError("NoSuchKey", "The specified key does not exist.", { status: 404 });
    await errorTrip(s3, transport, new HeadObjectCommand({ Bucket: "b1", Key: "k" }), error, "NotFound", 404);
    assert.equal(transport.last!.body, "");
  });
});

describe("restJson1 round trips (Lambda)", () => {
  const transport = transportFor("lambda");
  const lambda = new LambdaClient({ ...clientConfig, requestHandler: transport });
  const configuration = {
    FunctionName: "f1",
    FunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:f1",
    Runtime: "nodejs20.x" as const,
    Role: "arn:aws:iam::000000000000:role/r",
    Handler: "index.handler",
    CodeSize: 4,
    Timeout: 30,
    MemorySize: 256,
    LastModified: "2026-01-02T03:04:05.678+0000",
    Environment: { Variables: { A: "1", B: "x y" } },
    State: "Pending" as const,
    PackageType: "Zip" as const,
    Architectures: ["x86_64" as const],
  };
  const cases: Case[] = [
    {
      title: "CreateFunction: nested maps and a blob in a JSON body; 201 out",
      command: new CreateFunctionCommand({
        FunctionName: "f1",
        Runtime: "nodejs20.x",
        Role: "arn:aws:iam::000000000000:role/r",
        Handler: "index.handler",
        Code: { ZipFile: new Uint8Array([80, 75, 3, 4]) },
        Environment: { Variables: { A: "1", B: "x y" } },
        Timeout: 30,
        MemorySize: 256,
        Tags: { stack: "demo" },
      }),
      operation: "CreateFunction",
      output: configuration,
    },
    {
      title: "Invoke: headers and a blob payload in; status code member, headers and payload out",
      command: new InvokeCommand({
        FunctionName: "f1",
        Qualifier: "$LATEST",
        InvocationType: "RequestResponse",
        LogType: "Tail",
        Payload: new Uint8Array(Buffer.from('{"records":[1,2]}')),
      }),
      operation: "Invoke",
      output: {
        StatusCode: 200,
        FunctionError: "Unhandled",
        LogResult: Buffer.from("START RequestId\n").toString("base64"),
        ExecutedVersion: "$LATEST",
        Payload: new Uint8Array(Buffer.from('{"errorMessage":"boom"}')),
      },
    },
    {
      title: "ListFunctions: query parameters in; a list of structures out",
      command: new ListFunctionsCommand({ Marker: "m 1", MaxItems: 5 }),
      operation: "ListFunctions",
      output: { Functions: [configuration], NextMarker: "m 2" },
    },
    {
      title: "CreateEventSourceMapping: booleans and lists in; an epoch-seconds timestamp out",
      command: new CreateEventSourceMappingCommand({
        EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:q",
        FunctionName: "f1",
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        Enabled: true,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      }),
      operation: "CreateEventSourceMapping",
      output: {
        UUID: "2f0b4c2e-6a4b-4c55-9d7e-0d1c1b0f6b7a",
        BatchSize: 10,
        EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:q",
        FunctionArn: configuration.FunctionArn,
        LastModified: when,
        State: "Creating",
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      },
    },
    {
      title: "DeleteFunction: an ARN in a path label; the status read into its member",
      command: new DeleteFunctionCommand({ FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:f1" }),
      operation: "DeleteFunction",
      output: {},
      result: { StatusCode: 200 },
    },
  ];
  for (const c of cases) it(c.title, () => roundTrip(lambda, transport, c));

  it("an error is raised by its x-amzn-ErrorType, with its Type and message", async () => {
    const error = new AwsError("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", {
      status: 404,
    });
    const thrown = await errorTrip(lambda, transport, new GetFunctionCommand({ FunctionName: "nope" }), error, "ResourceNotFoundException", 404);
    assert.equal(thrown.message, error.message);
    assert.equal((thrown as unknown as { Type: string }).Type, "User");
  });
});

describe("awsJson1_0 round trips (SQS)", () => {
  const transport = transportFor("sqs");
  const sqs = new SQSClient({ ...clientConfig, requestHandler: transport });
  const queueUrl = "http://127.0.0.1:4566/000000000000/q";
  const body = '{"a":1}\n<x y="z">&';
  const binary = new Uint8Array([0, 1, 2, 255]);
  const cases: Case[] = [
    {
      title: "SendMessage: a map of structures with a binary value in",
      command: new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        DelaySeconds: 5,
        MessageAttributes: { s: { DataType: "String", StringValue: "v" }, b: { DataType: "Binary", BinaryValue: binary } },
      }),
      operation: "SendMessage",
      output: { MessageId: "6f1c7a4e-1f0e-4d8a-9c54-2b9e1d7c3a10", MD5OfMessageBody: md5(body) },
    },
    {
      title: "ReceiveMessage: string lists in; messages with attribute maps and binary values out",
      command: new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["All"],
      }),
      operation: "ReceiveMessage",
      output: {
        Messages: [
          {
            MessageId: "6f1c7a4e-1f0e-4d8a-9c54-2b9e1d7c3a10",
            ReceiptHandle: "rh+/=",
            Body: body,
            MD5OfBody: md5(body),
            Attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1767323045678" },
            MessageAttributes: { b: { DataType: "Binary", BinaryValue: binary } },
          },
        ],
      },
    },
    {
      title: "GetQueueAttributes: a string map out",
      command: new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
      operation: "GetQueueAttributes",
      output: { Attributes: { VisibilityTimeout: "30", RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":5}' } },
    },
  ];
  for (const c of cases) it(c.title, () => roundTrip(sqs, transport, c));

  it("an error is raised by its name, with the query code in x-amzn-query-error", async () => {
    const error = new AwsError("QueueDoesNotExist", "The specified queue does not exist.");
    const thrown = await errorTrip(sqs, transport, new GetQueueAttributesCommand({ QueueUrl: queueUrl }), error, "QueueDoesNotExist", 400);
    assert.equal(thrown.message, "The specified queue does not exist.");
    assert.equal(transport.last!.headers["x-amzn-query-error"], "AWS.SimpleQueueService.NonExistentQueue;Sender");
  });
});

describe("awsJson1_1 round trips (CloudWatch Logs)", () => {
  const transport = transportFor("logs");
  const logs = new CloudWatchLogsClient({ ...clientConfig, requestHandler: transport });
  const cases: Case[] = [
    {
      title: "PutLogEvents: a list of structures with long timestamps in; a nested structure out",
      command: new PutLogEventsCommand({
        logGroupName: "/aws/lambda/f1",
        logStreamName: "2026/01/02/[$LATEST]abc",
        logEvents: [
          { timestamp: 1767323045678, message: "START" },
          { timestamp: 1767323045679, message: "line\twith\ttabs" },
        ],
      }),
      operation: "PutLogEvents",
      output: { nextSequenceToken: "2", rejectedLogEventsInfo: { tooOldLogEventEndIndex: 0 } },
    },
    {
      title: "FilterLogEvents: numbers and lists in; events and searched streams out",
      command: new FilterLogEventsCommand({
        logGroupName: "/aws/lambda/f1",
        logStreamNames: ["s1"],
        startTime: 1767323000000,
        endTime: 1767323999999,
        filterPattern: "ERROR",
        limit: 50,
        nextToken: "n1",
      }),
      operation: "FilterLogEvents",
      output: {
        events: [{ logStreamName: "s1", timestamp: 1767323045678, message: "ERROR boom", ingestionTime: 1767323045700, eventId: "e1" }],
        searchedLogStreams: [{ logStreamName: "s1", searchedCompletely: true }],
        nextToken: "n2",
      },
    },
    {
      title: "DescribeLogGroups: a list of groups with numbers out",
      command: new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/lambda/" }),
      operation: "DescribeLogGroups",
      output: {
        logGroups: [{ logGroupName: "/aws/lambda/f1", creationTime: 1767323045678, retentionInDays: 7, storedBytes: 0, arn: "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f1:*" }],
      },
    },
  ];
  for (const c of cases) it(c.title, () => roundTrip(logs, transport, c));

  it("an error is raised by its name", async () => {
    const error = new AwsError("ResourceNotFoundException", "The specified log group does not exist.");
    const thrown = await errorTrip(logs, transport, new DescribeLogGroupsCommand({}), error, "ResourceNotFoundException", 400);
    assert.equal(thrown.message, "The specified log group does not exist.");
  });
});

describe("awsQuery round trips (SNS, IAM, STS)", () => {
  const sns = transportFor("sns");
  const snsClient = new SNSClient({ ...clientConfig, requestHandler: sns });
  const iam = transportFor("iam");
  const iamClient = new IAMClient({ ...clientConfig, requestHandler: iam });
  const sts = transportFor("sts");
  const stsClient = new STSClient({ ...clientConfig, requestHandler: sts });
  const topicArn = "arn:aws:sns:us-east-1:000000000000:t";

  const snsCases: Case[] = [
    {
      title: "Publish: a map of structures with a binary value in",
      command: new PublishCommand({
        TopicArn: topicArn,
        Message: "line 1\nline <2> & 3",
        MessageAttributes: { bin: { DataType: "Binary", BinaryValue: new Uint8Array([0, 255]) }, s: { DataType: "String", StringValue: "v" } },
      }),
      operation: "Publish",
      output: { MessageId: "0b4a8b8e-5a4c-4e5f-8f2e-3c0a1d2b3c4d" },
    },
    {
      title: "GetTopicAttributes: an entry/key/value map with JSON text out",
      command: new GetTopicAttributesCommand({ TopicArn: topicArn }),
      operation: "GetTopicAttributes",
      output: { Attributes: { TopicArn: topicArn, DisplayName: "a<b", Policy: '{"Statement":[{"Effect":"Allow","Sid":"x&y"}]}' } },
    },
    {
      title: "ListSubscriptionsByTopic: a member list of structures and a token out",
      command: new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: "t1" }),
      operation: "ListSubscriptionsByTopic",
      output: {
        Subscriptions: [
          { SubscriptionArn: `${topicArn}:5e3f`, Owner: "000000000000", Protocol: "sqs", Endpoint: "arn:aws:sqs:us-east-1:000000000000:q", TopicArn: topicArn },
        ],
        NextToken: "t2",
      },
    },
    {
      title: "Unsubscribe: an operation without output",
      command: new UnsubscribeCommand({ SubscriptionArn: `${topicArn}:5e3f` }),
      operation: "Unsubscribe",
      output: {},
    },
  ];
  for (const c of snsCases) it(`SNS ${c.title}`, () => roundTrip(snsClient, sns, c));

  const iamCases: Case[] = [
    {
      title: "GetRole: nested structures, timestamps and a tag list out",
      command: new GetRoleCommand({ RoleName: "r1" }),
      operation: "GetRole",
      output: {
        Role: {
          Path: "/eda/",
          RoleName: "r1",
          RoleId: "AROAEXAMPLE",
          Arn: "arn:aws:iam::000000000000:role/eda/r1",
          CreateDate: when,
          AssumeRolePolicyDocument: "%7B%22Statement%22%3A%5B%5D%7D",
          MaxSessionDuration: 3600,
          Tags: [{ Key: "eda:stack", Value: "demo" }],
          RoleLastUsed: { LastUsedDate: new Date("2026-01-02T03:04:05.000Z"), Region: "us-east-1" },
        },
      },
    },
    {
      title: "ListAttachedRolePolicies: a member list and a boolean out",
      command: new ListAttachedRolePoliciesCommand({ RoleName: "r1", MaxItems: 10 }),
      operation: "ListAttachedRolePolicies",
      output: { AttachedPolicies: [{ PolicyName: "p", PolicyArn: "arn:aws:iam::000000000000:policy/p" }], IsTruncated: false },
    },
  ];
  for (const c of iamCases) it(`IAM ${c.title}`, () => roundTrip(iamClient, iam, c));

  const stsCases: Case[] = [
    {
      title: "AssumeRole: credentials with an expiration out",
      command: new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/r1", RoleSessionName: "s", DurationSeconds: 900 }),
      operation: "AssumeRole",
      output: {
        Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret/+=", SessionToken: "token", Expiration: when },
        AssumedRoleUser: { AssumedRoleId: "AROAEXAMPLE:s", Arn: "arn:aws:sts::000000000000:assumed-role/r1/s" },
        PackedPolicySize: 6,
      },
    },
    {
      title: "GetCallerIdentity: a flat result",
      command: new GetCallerIdentityCommand({}),
      operation: "GetCallerIdentity",
      output: { UserId: "AKIDEXAMPLE", Account: "000000000000", Arn: "arn:aws:iam::000000000000:root" },
    },
  ];
  for (const c of stsCases) it(`STS ${c.title}`, () => roundTrip(stsClient, sts, c));

  it("the envelope names the operation, carries the namespace and the request id", async () => {
    sns.answer = () => ({ MessageId: "m" });
    const result = (await snsClient.send(new PublishCommand({ TopicArn: topicArn, Message: "m" }))) as { $metadata: { requestId?: string } };
    const body = sns.last!.body;
    assert.match(body, /^<\?xml version="1.0"\?>\n<PublishResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><PublishResult>/);
    assert.match(body, /<ResponseMetadata><RequestId>(req-\d+)<\/RequestId><\/ResponseMetadata><\/PublishResponse>$/);
    assert.equal(result.$metadata.requestId, /<RequestId>(req-\d+)</.exec(body)![1]);
  });

  it("SNS errors carry the awsQueryError code and status; the SDK raises the exception", async () => {
    const error = new AwsError("NotFoundException", "Topic does not exist");
    const thrown = await errorTrip(snsClient, sns, new GetTopicAttributesCommand({ TopicArn: topicArn }), error, "NotFoundException", 404);
    assert.equal(thrown.message, "Topic does not exist");
    assert.match(sns.last!.body, /<ErrorResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>NotFound<\/Code>/);
  });

  it("IAM errors: NoSuchEntity with a message that needs escaping", async () => {
    const error = new AwsError("NoSuchEntityException", "The role with name <r&1> cannot be found.");
    const thrown = await errorTrip(iamClient, iam, new GetRoleCommand({ RoleName: "r1" }), error, "NoSuchEntityException", 404);
    assert.equal(thrown.message, "The role with name <r&1> cannot be found.");
  });

  it("STS errors keep an explicit status", async () => {
    const error = new AwsError("RegionDisabledException", "STS is not activated in this region.", { status: 403 });
    const thrown = await errorTrip(stsClient, sts, new GetCallerIdentityCommand({}), error, "RegionDisabledException", 403);
    assert.equal(thrown.message, "STS is not activated in this region.");
  });
});
