/**
 * What each protocol family answers for missing, unknown or badly signed
 * credentials, with AWS's codes and messages.
 */
import { AwsError } from "../errors.js";
import type { ServiceDefinition } from "./service.js";

const UNKNOWN_TOKEN = "The security token included in the request is invalid.";
const BAD_SIGNATURE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** SNS, IAM, STS and SQS. */
export function queryAuthErrors(): ServiceDefinition["authErrors"] {
  return {
    unknownKey: new AwsError("InvalidClientTokenId", UNKNOWN_TOKEN, { status: 403 }),
    badSignature: new AwsError("SignatureDoesNotMatch", BAD_SIGNATURE, { status: 403 }),
    missing: new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", { status: 403 }),
  };
}

/** Lambda and CloudWatch Logs. */
export function jsonAuthErrors(status: number): ServiceDefinition["authErrors"] {
  return {
    unknownKey: new AwsError("UnrecognizedClientException", UNKNOWN_TOKEN, { status }),
    badSignature: new AwsError("InvalidSignatureException", BAD_SIGNATURE, { status }),
    missing: new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", { status: 403 }),
  };
}

/** S3. */
export function s3AuthErrors(): ServiceDefinition["authErrors"] {
  return {
    unknownKey: new AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", { status: 403 }),
    badSignature: new AwsError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", { status: 403 }),
    missing: new AwsError("AccessDenied", "Access Denied", { status: 403 }),
  };
}
