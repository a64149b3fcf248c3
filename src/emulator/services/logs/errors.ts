/** CloudWatch Logs errors with the service's codes and wording. */
import { AwsError } from "../../errors.js";

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterException", message);
}

/** The service's model-validation wording, which Logs answers as InvalidParameterException. */
export function constraintViolation(parameter: string, value: unknown, constraint: string): AwsError {
  return invalidParameter(
    `1 validation error detected: Value '${String(value)}' at '${parameter}' failed to satisfy constraint: ${constraint}`,
  );
}

export function noSuchLogGroup(): AwsError {
  return new AwsError("ResourceNotFoundException", "The specified log group does not exist.");
}

export function noSuchLogStream(): AwsError {
  return new AwsError("ResourceNotFoundException", "The specified log stream does not exist.");
}

export function invalidNextToken(): AwsError {
  return invalidParameter("The specified nextToken is invalid.");
}
