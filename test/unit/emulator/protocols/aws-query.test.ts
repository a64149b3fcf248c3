/**
 * The query decoder must read exactly what the SDK's own query serializer
 * writes: round-trip every shape family (structures, member lists, flattened
 * lists, entry maps, flattened Name/Value maps, scalars) through both.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as iamSchemas from "@aws-sdk/client-iam";
import * as snsSchemas from "@aws-sdk/client-sns";
import * as sqsSchemas from "@aws-sdk/client-sqs";
import { QueryShapeSerializer } from "@aws-sdk/core/protocols";
import { AwsQueryCodec } from "../../../../src/emulator/protocols/aws-query.js";
import { operationShape, type SchemaModule } from "../../../../src/emulator/protocols/schema.js";
import type { ServiceDefinition } from "../../../../src/emulator/services/service.js";
import type { HttpRequest } from "../../../../src/emulator/protocols/http-types.js";

function serviceFor(schemas: SchemaModule): ServiceDefinition {
  return { schemas, xmlNamespace: "urn:test", version: "1" } as unknown as ServiceDefinition;
}

function sdkQueryBody(schemas: SchemaModule, operation: string, input: Record<string, unknown>): string {
  const shape = operationShape(schemas, operation)!;
  const serializer = new QueryShapeSerializer({ timestampFormat: { useTrait: true, default: 5 } });
  serializer.write(shape.input, input);
  return `Action=${operation}&Version=1&${serializer.flush()}`;
}

function request(body: string): HttpRequest {
  return {
    method: "POST",
    path: "/",
    rawQuery: "",
    query: new URLSearchParams(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: Buffer.from(body),
    remoteAddress: "127.0.0.1",
  };
}

const codec = new AwsQueryCodec(() => ({ xmlNamespace: "urn:test", version: "1" }));

const cases: [string, SchemaModule, string, Record<string, unknown>][] = [
  ["SNS entry map and member list of structures", snsSchemas, "CreateTopic", {
    Name: "t1",
    Attributes: { DisplayName: "Demo", Policy: '{"Version":"2012-10-17"}' },
    Tags: [{ Key: "eda:stack", Value: "demo" }, { Key: "b", Value: "c d&e=f" }],
  }],
  ["SNS message attributes map of structures", snsSchemas, "Publish", {
    TopicArn: "arn:aws:sns:us-east-1:000000000000:t1",
    Message: "hello\nworld",
    Subject: "s",
    MessageAttributes: { event: { DataType: "String", StringValue: "created" } },
  }],
  ["SQS flattened Name/Value maps and Tag map", sqsSchemas, "CreateQueue", {
    QueueName: "q1",
    Attributes: { VisibilityTimeout: "60", RedrivePolicy: '{"maxReceiveCount":5}' },
    tags: { "eda:stack": "demo" },
  }],
  ["SQS flattened string list and integers", sqsSchemas, "ReceiveMessage", {
    QueueUrl: "http://127.0.0.1:4566/000000000000/q1",
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 20,
    MessageAttributeNames: ["All"],
  }],
  ["SQS batch of structures with binary attributes", sqsSchemas, "SendMessageBatch", {
    QueueUrl: "http://127.0.0.1:4566/000000000000/q1",
    Entries: [
      { Id: "a", MessageBody: "one", DelaySeconds: 0 },
      { Id: "b", MessageBody: "two", MessageAttributes: { bin: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 255]) } } },
    ],
  }],
  ["IAM nested members and numbers", iamSchemas, "CreateRole", {
    RoleName: "r1",
    Path: "/eda/",
    AssumeRolePolicyDocument: '{"Statement":[]}',
    MaxSessionDuration: 3600,
    Tags: [{ Key: "k", Value: "v" }],
  }],
];

describe("awsQuery decoder reads what the SDK's query serializer writes", () => {
  for (const [title, schemas, operation, input] of cases) {
    it(title, async () => {
      const decoded = await codec.decode(request(sdkQueryBody(schemas, operation, input)), serviceFor(schemas));
      assert.equal(decoded.operation, operation);
      assert.deepEqual(decoded.input, input);
    });
  }

  it("reads SQS's AttributeName.N into both members that share that wire name", async () => {
    // AttributeNames (deprecated) and MessageSystemAttributeNames are both `AttributeName` on the query wire.
    const names = ["ApproximateReceiveCount", "SentTimestamp"];
    const body = sdkQueryBody(sqsSchemas, "ReceiveMessage", { QueueUrl: "q", MessageSystemAttributeNames: names });
    const decoded = await codec.decode(request(body), serviceFor(sqsSchemas));
    assert.deepEqual(decoded.input.MessageSystemAttributeNames, names);
    assert.deepEqual(decoded.input.AttributeNames, names);
  });

  it("rejects an action the service does not have with InvalidAction", () => {
    assert.throws(() => codec.decode(request("Action=Nope&Version=1"), serviceFor(snsSchemas)), { name: "InvalidAction" });
  });

  it("rejects a request without an Action", () => {
    assert.throws(() => codec.decode(request("Version=1"), serviceFor(snsSchemas)), { name: "MissingAction" });
  });
});

describe("awsQuery encoder", () => {
  it("wraps members in <OpResult> and writes maps as entry/key/value", () => {
    const response = codec.encode(
      "GetTopicAttributes",
      { Attributes: { TopicArn: "arn:aws:sns:us-east-1:0:t", DisplayName: "a<b" } },
      serviceFor(snsSchemas),
      "req-1",
    );
    const body = String(response.body);
    assert.match(body, /<GetTopicAttributesResponse xmlns="urn:test"><GetTopicAttributesResult><Attributes><entry><key>TopicArn<\/key><value>arn:aws:sns:us-east-1:0:t<\/value><\/entry>/);
    assert.match(body, /<value>a&lt;b<\/value>/);
    assert.match(body, /<RequestId>req-1<\/RequestId>/);
  });

  it("uses the awsQueryError wire code and status from the SDK's error schema", () => {
    const response = codec.encodeError(
      Object.assign(new Error("Topic does not exist"), { code: "NotFoundException", fault: "Sender", fields: {}, headers: {} }) as never,
      serviceFor(snsSchemas),
      "req-2",
    );
    assert.equal(response.status, 404);
    assert.match(String(response.body), /<Code>NotFound<\/Code>/);
  });
});
