/** Lambda's errors, with the codes and wording its API uses. */
import { AwsError } from "../../errors.js";

export function functionNotFound(functionArn: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Function not found: ${functionArn}`, { status: 404 });
}

/** Event source mappings, missing policies and statements. */
export function resourceNotFound(message = "The resource you requested does not exist."): AwsError {
  return new AwsError("ResourceNotFoundException", message, { status: 404 });
}

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterValueException", message, { status: 400 });
}

export function resourceConflict(message: string): AwsError {
  return new AwsError("ResourceConflictException", message, { status: 409 });
}

export function resourceInUse(message: string): AwsError {
  return new AwsError("ResourceInUseException", message, { status: 400 });
}

/**
 * Lambda's model validation ("1 validation error detected: ..."), answered
 * as ValidationException, which the SDK's Lambda model does not name.
 */
export function validationError(field: string, value: unknown, constraint: string): AwsError {
  const shown = typeof value === "object" ? JSON.stringify(value) : String(value);
  return new AwsError(
    "ValidationException",
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
    { status: 400 },
  );
}

export function updateInProgress(functionArn: string): AwsError {
  return resourceConflict(
    `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn}`,
  );
}

export function roleCannotBeAssumed(): AwsError {
  return invalidParameter("The role defined for the function cannot be assumed by Lambda.");
}

export function requestTooLarge(limit: number, operation: string): AwsError {
  return new AwsError("RequestTooLargeException", `Request must be smaller than ${limit} bytes for the ${operation} operation`, {
    status: 413,
  });
}

export function revisionMismatch(): AwsError {
  return new AwsError(
    "PreconditionFailedException",
    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    { status: 412 },
  );
}
