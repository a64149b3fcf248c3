/**
 * SNS's error vocabulary. Messages follow AWS's "Invalid parameter: <what>
 * [Reason: <why>]" style; the codec maps each exception name to its wire code
 * (InvalidParameter, NotFound, ParameterValueInvalid, ...) and HTTP status.
 */
import { AwsError } from "../../errors.js";

export function invalidParameter(what: string): AwsError {
  return new AwsError("InvalidParameterException", `Invalid parameter: ${what}`);
}

export function invalidParameterValue(message: string): AwsError {
  return new AwsError("InvalidParameterValueException", message);
}

export function topicNotFound(): AwsError {
  return new AwsError("NotFoundException", "Topic does not exist");
}

export function subscriptionNotFound(): AwsError {
  return new AwsError("NotFoundException", "Subscription does not exist");
}

/** What AWS answers when a required query parameter is absent (the SDK sends none of its own checks). */
export function missingParameter(memberPath: string): AwsError {
  return new AwsError(
    "ValidationError",
    `1 validation error detected: Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`,
    { status: 400 },
  );
}

export function requireParameter<T>(value: T | undefined | null, memberPath: string): T {
  if (value === undefined || value === null) throw missingParameter(memberPath);
  return value;
}
