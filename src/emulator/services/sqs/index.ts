import * as schemas from "@aws-sdk/client-sqs";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";

export const sqs: ServiceDefinition = {
  signingName: "sqs",
  displayName: "SQS",
  protocol: "awsJson1_0",
  schemas,
  targetPrefix: "AmazonSQS",
  queryCompatible: { xmlNamespace: "http://queue.amazonaws.com/doc/2012-11-05/", version: "2012-11-05" },
  maxBodyBytes: 2 * 1024 * 1024,
  operations: {},
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403, queryCode: "AccessDenied" }),
  authErrors: queryAuthErrors(),
};
