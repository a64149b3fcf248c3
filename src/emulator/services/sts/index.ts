import * as schemas from "@aws-sdk/client-sts";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { getCallerIdentity } from "./operations/get-caller-identity.js";

export const sts: ServiceDefinition = {
  signingName: "sts",
  displayName: "STS",
  protocol: "awsQuery",
  schemas,
  xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
  version: "2011-06-15",
  maxBodyBytes: 1024 * 1024,
  operations: {
    GetCallerIdentity: getCallerIdentity,
  },
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403 }),
  authErrors: queryAuthErrors(),
};
