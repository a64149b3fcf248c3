import * as schemas from "@aws-sdk/client-sns";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";

export const sns: ServiceDefinition = {
  signingName: "sns",
  displayName: "SNS",
  protocol: "awsQuery",
  schemas,
  xmlNamespace: "http://sns.amazonaws.com/doc/2010-03-31/",
  version: "2010-03-31",
  maxBodyBytes: 1024 * 1024,
  operations: {},
  accessDenied: (message) => new AwsError("AuthorizationErrorException", message, { status: 403 }),
  authErrors: queryAuthErrors(),
};
