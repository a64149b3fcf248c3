import * as schemas from "@aws-sdk/client-sts";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import { roleDirectory, type ServiceDefinition } from "../service.js";
import { assumeRole } from "./operations/assume-role.js";
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
    AssumeRole: assumeRole,
    GetCallerIdentity: getCallerIdentity,
  },
  /** For sts:AssumeRole, the role's trust policy. */
  resourcePolicy: (resourceArn, hub) => roleDirectory(hub).effectiveTrustPolicy(hub, resourceArn),
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403 }),
  authErrors: queryAuthErrors(),
};
