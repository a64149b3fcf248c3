import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as lambdaSchemas from "@aws-sdk/client-lambda";
import * as sqsSchemas from "@aws-sdk/client-sqs";
import { operationShape } from "../../../../src/emulator/protocols/schema.js";
import { assertInputShape } from "../../../../src/emulator/protocols/validate-input.js";

const createQueue = operationShape(sqsSchemas, "CreateQueue")!.input;
const receive = operationShape(sqsSchemas, "ReceiveMessage")!.input;
const createFunction = operationShape(lambdaSchemas, "CreateFunction")!.input;

describe("JSON input type checks", () => {
  it("accepts well-typed input", () => {
    assertInputShape(createQueue, { QueueName: "q", Attributes: { VisibilityTimeout: "30" }, tags: { a: "b" } });
    assertInputShape(receive, { QueueUrl: "u", MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] });
    assertInputShape(createFunction, { FunctionName: "f", Code: { ZipFile: new Uint8Array([1]) }, Timeout: 3 });
  });

  const bad: [string, Parameters<typeof assertInputShape>[0], unknown, RegExp][] = [
    ["a number for a string", createQueue, { QueueName: 5 }, /QueueName must be a string/],
    ["a list for a map", createQueue, { Attributes: [1] }, /Attributes must be a map/],
    ["a number inside a map of strings", createQueue, { Attributes: { VisibilityTimeout: 30 } }, /Attributes.VisibilityTimeout must be a string/],
    ["a string for an integer", receive, { MaxNumberOfMessages: "ten" }, /MaxNumberOfMessages must be a number/],
    ["a string for a list", receive, { MessageAttributeNames: "All" }, /MessageAttributeNames must be a list/],
    ["a scalar for the whole body", createQueue, "str", /the request body must be a structure/],
    ["a string for a nested structure", createFunction, { Code: "zip" }, /Code must be a structure/],
  ];
  for (const [title, schema, value, message] of bad) {
    it(`refuses ${title} with SerializationException`, () => {
      assert.throws(() => assertInputShape(schema, value), (error: Error) => error.name === "SerializationException" && message.test(error.message));
    });
  }
});
