import * as schemas from "@aws-sdk/client-s3";
import { AwsError } from "../../errors.js";
import { s3AuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";

export const s3: ServiceDefinition = {
  signingName: "s3",
  displayName: "S3",
  protocol: "restXml",
  schemas,
  maxBodyBytes: 5 * 1024 * 1024 * 1024,
  operations: {},
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403 }),
  authErrors: s3AuthErrors(),
};
