/**
 * Errors the Node.js runtime interface client reports, named as Lambda's own
 * client names them (`Runtime.ImportModuleError`, ...), and the JSON shapes it
 * posts to the Runtime API and writes to the log. Runs inside the execution
 * environment's process.
 */
import { types } from "node:util";

export interface ErrorResponse {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

function runtimeError(name: string) {
  return class extends Error {
    constructor(message?: string) {
      super(message);
      this.name = `Runtime.${name}`;
    }
  };
}

export const HandlerNotFound = runtimeError("HandlerNotFound");
export const MalformedHandlerName = runtimeError("MalformedHandlerName");
export const CallbackHandlerDeprecated = runtimeError("CallbackHandlerDeprecated");

/** Wraps a failed module lookup; the message is the original error as text ("Error: Cannot find module ..."). */
export class ImportModuleError extends Error {
  constructor(original: unknown) {
    super(String(original));
    this.name = "Runtime.ImportModuleError";
  }
}

/** Wraps a SyntaxError thrown while loading the function's code, keeping its stack. */
export class UserCodeSyntaxError extends Error {
  constructor(original: Error) {
    super(String(original));
    this.name = "Runtime.UserCodeSyntaxError";
    this.stack = original.stack;
  }
}

export class UnhandledPromiseRejection extends Error {
  constructor(readonly reason: unknown) {
    super(String(reason));
    this.name = "Runtime.UnhandledPromiseRejection";
  }
}

/** An async handler whose promise never settled: the event loop ran dry first. */
export class NodeJsExit extends Error {
  constructor() {
    super(
      "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes",
    );
    this.name = "Runtime.NodeJsExit";
  }
}

function looksLikeError(value: unknown): value is Error {
  const candidate = value as Partial<Error> | null | undefined;
  return (
    typeof candidate?.name === "string" &&
    typeof candidate.message === "string" &&
    typeof candidate.stack === "string" &&
    candidate.name.length > 0 &&
    candidate.message.length > 0
  );
}

/** The body posted to `/invocation/{id}/error` and `/init/error`. */
export function toErrorResponse(error: unknown): ErrorResponse {
  try {
    if (types.isNativeError(error) || looksLikeError(error)) {
      const e = error as Error;
      return { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? "").split("\n") };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage:
        "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
  }
}

export function intoError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** The error as the client logs it after "Invoke Error": a tab, then JSON with the enumerable properties. */
export function toFormattedLogText(error: unknown): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => withEnumerableProperties(value))}`;
  } catch {
    return `\t${JSON.stringify(toErrorResponse(error))}`;
  }
}

function withEnumerableProperties(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const shown: Record<string, unknown> = {
    errorType: value.name,
    errorMessage: value.message,
    code: (value as Error & { code?: unknown }).code,
    ...value,
  };
  if (typeof value.stack === "string") shown.stack = value.stack.split("\n");
  return shown;
}
