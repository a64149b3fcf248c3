import * as schemas from "@aws-sdk/client-iam";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { sessionIdentityPolicies } from "./role-lookup.js";

export const iam: ServiceDefinition = {
  signingName: "iam",
  displayName: "IAM",
  protocol: "awsQuery",
  schemas,
  xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/",
  version: "2010-05-08",
  maxBodyBytes: 1024 * 1024,
  operations: {},
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403 }),
  authErrors: queryAuthErrors(),
  identityPolicies: (principal, runtime) => sessionIdentityPolicies(runtime, principal),
};
