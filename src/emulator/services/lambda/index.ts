import * as schemas from "@aws-sdk/client-lambda";
import { AwsError } from "../../errors.js";
import { jsonAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";

export const lambda: ServiceDefinition = {
  signingName: "lambda",
  displayName: "Lambda",
  protocol: "restJson1",
  schemas,
  maxBodyBytes: 100 * 1024 * 1024,
  operations: {},
  accessDenied: (message) => new AwsError("AccessDeniedException", message, { status: 403 }),
  authErrors: jsonAuthErrors(403),
};
