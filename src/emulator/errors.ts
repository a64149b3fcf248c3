/**
 * The one error type every emulator layer throws. `code` is the name the AWS SDK
 * gives the error (`err.name`), e.g. "QueueDoesNotExist" or "NoSuchBucket". The
 * protocol codec turns it into the envelope the service's clients expect, using
 * the SDK's error schema for the wire code (awsQuery) and HTTP status when the
 * operation does not say otherwise.
 */
export type Fault = "Sender" | "Receiver";

export interface AwsErrorOptions {
  /** HTTP status; defaults to the status in the service's error schema, else 400 (500 for Receiver). */
  status?: number;
  fault?: Fault;
  /** Wire code for query-style envelopes when it differs from `code` and the schema does not know it. */
  queryCode?: string;
  /** Message for query-style envelopes when the service words it differently there (SQS). */
  queryMessage?: string;
  /** Extra elements some services add to the error body (S3: BucketName, Key, ...). */
  fields?: Record<string, string>;
  /** Extra response headers (e.g. x-amz-bucket-region). */
  headers?: Record<string, string>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly fault: Fault;
  readonly queryCode: string | undefined;
  readonly queryMessage: string | undefined;
  readonly fields: Record<string, string>;
  readonly headers: Record<string, string>;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = options.status;
    this.fault = options.fault ?? (options.status !== undefined && options.status >= 500 ? "Receiver" : "Sender");
    this.queryCode = options.queryCode;
    this.queryMessage = options.queryMessage;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }
}

/**
 * An operation the SDK knows but no service table lists: 501 with the
 * protocol's own error envelope, naming the service and the operation, so a
 * client fails at once with a clear reason (never a generic 404 or a wrong
 * shape). S3 uses the same code for functionality it does not implement.
 */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    "NotImplemented",
    `The operation ${operation} of ${service} is not implemented by the eda emulator.`,
    { status: 501, fault: "Receiver" },
  );
}

export function internalError(message = "We encountered an internal error. Please try again."): AwsError {
  return new AwsError("InternalFailure", message, { status: 500, fault: "Receiver" });
}
