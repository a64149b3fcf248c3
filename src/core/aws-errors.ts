/**
 * Recognising AWS errors by what the SDK exposes: `name` (the modelled
 * exception), `Code` (the query code, for query-compatible services) and the
 * HTTP status (bodiless HEAD responses carry nothing else).
 */
import { EdaError } from "./errors.js";

export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { Code?: unknown } | undefined)?.Code;
  return typeof code === "string" ? code : undefined;
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** True when the error's name or query code is one of `names`. */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = errorName(error);
  const code = errorCode(error);
  return names.some((candidate) => candidate === name || candidate === code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line for a step's failure: our own errors as they are, AWS errors with their code. */
export function failureText(error: unknown): string {
  if (error instanceof EdaError) return error.message;
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  const text = name && name !== "Error" && !message.startsWith(name) ? `${name}: ${message}` : message;
  return text.replace(/\s*\n\s*/g, " ").trim();
}
