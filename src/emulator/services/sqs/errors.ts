/**
 * SQS's errors, by the name the SDK gives them. Wire codes and HTTP statuses
 * for modelled errors come from the SDK schema (awsQueryError traits); the
 * generic ones (InvalidParameterValue, MissingParameter) are not modelled, so
 * SDK v3 users see them as SQSServiceException with that name.
 */
import { AwsError } from "../../errors.js";

/** Worded differently by protocol (localstack tests/aws/services/sqs/test_sqs.snapshot.json "test_non_existent_queue"). */
export function queueDoesNotExist(): AwsError {
  return new AwsError("QueueDoesNotExist", "The specified queue does not exist.", {
    queryMessage: "The specified queue does not exist for this wsdl version.",
  });
}

/**
 * The JSON protocol's __type names these two differently from their query
 * codes (localstack test_sqs.snapshot.json: Code "InvalidParameterValue" with
 * QueryErrorCode "InvalidParameterValueException"; "MissingParameter" with
 * "MissingRequiredParameterException"); the SDK names the error by the query code.
 */
export function invalidParameterValue(message: string): AwsError {
  return new AwsError("InvalidParameterValueException", message, { status: 400, queryCode: "InvalidParameterValue" });
}

/** "Value X for parameter Y is invalid. Reason: Z." as SQS words it. */
export function invalidParameter(parameter: string, value: unknown, reason: string): AwsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
}

export function missingParameter(parameter: string): AwsError {
  return new AwsError("MissingRequiredParameterException", `The request must contain the parameter ${parameter}.`, {
    status: 400,
    queryCode: "MissingParameter",
  });
}

export function invalidAttributeName(name: string): AwsError {
  return new AwsError("InvalidAttributeName", `Unknown Attribute ${name}.`);
}

export function invalidAttributeValue(name: string, reason?: string): AwsError {
  const message = reason
    ? `Invalid value for the parameter ${name}. Reason: ${reason}`
    : `Invalid value for the parameter ${name}.`;
  return new AwsError("InvalidAttributeValue", message);
}

export function receiptHandleIsInvalid(handle: string): AwsError {
  return new AwsError("ReceiptHandleIsInvalid", `The input receipt handle "${handle}" is not a valid receipt handle.`);
}

/** An older receipt handle of a message that was received again since (SQS troubleshooting guide). */
export function receiptHandleExpired(handle: string): AwsError {
  return invalidParameter("ReceiptHandle", handle, "The receipt handle has expired.");
}

export function messageNotInflight(): AwsError {
  return new AwsError("MessageNotInflight", "The message referred to isn't in flight.");
}

export function resourceNotFound(message: string): AwsError {
  return new AwsError("ResourceNotFoundException", message);
}

/** SQS refuses a request without a required member before anything else. */
export function required<T>(value: T | undefined | null, parameter: string): T {
  if (value === undefined || value === null) throw missingParameter(parameter);
  return value;
}

export function queueNameExists(attribute: string): AwsError {
  return new AwsError(
    "QueueNameExists",
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );
}

export function queueDeletedRecently(): AwsError {
  return new AwsError(
    "QueueDeletedRecently",
    "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
  );
}

/** This emulator provides standard queues only and says so rather than half-emulating FIFO. */
export function fifoUnsupported(): AwsError {
  return new AwsError(
    "UnsupportedOperation",
    "FIFO queues are not provided by the eda emulator; create a standard queue (without FifoQueue and the .fifo suffix).",
  );
}
