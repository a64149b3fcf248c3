import * as schemas from "@aws-sdk/client-cloudwatch-logs";
import { AwsError } from "../../errors.js";
import { jsonAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";

export const logs: ServiceDefinition = {
  signingName: "logs",
  displayName: "CloudWatch Logs",
  protocol: "awsJson1_1",
  schemas,
  targetPrefix: "Logs_20140328",
  maxBodyBytes: 2 * 1024 * 1024,
  operations: {},
  accessDenied: (message) => new AwsError("AccessDeniedException", message, { status: 400 }),
  authErrors: jsonAuthErrors(400),
};
