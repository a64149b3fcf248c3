/**
 * Errors users see. Each carries the exit code the CLI maps it to and a one-line
 * message naming what is wrong and how to fix it; stack traces only with --verbose.
 */
export class EdaError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad usage or input: invalid names, flags, files, missing credentials. Exit 2. */
export class UsageError extends EdaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/** The operation was attempted and failed (AWS refused, a wait timed out, verification failed). Exit 1. */
export class OperationError extends EdaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 1, options);
  }
}
