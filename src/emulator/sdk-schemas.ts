/**
 * The AWS SDK's own service schemas (the `XCommand$`/`XException$` static
 * schemas each v3 client exports), as services and codecs both read them:
 * a service hands its module to its codec, and both look up error traits.
 */
import { translateTraits } from "@smithy/core/schema";
import type { AwsError } from "./errors.js";

/** A v3 client's exports: its static schemas among them. */
export type SchemaModule = Record<string, unknown>;

type StaticError = [number, string, string, unknown, ...unknown[]];

export interface ErrorTraits {
  httpError?: number;
  error?: "client" | "server";
  /** [wire code, status] for query-compatible services. */
  awsQueryError?: [string, number];
}

export function errorTraits(module: SchemaModule, code: string): ErrorTraits | undefined {
  const raw = module[`${code}$`] as StaticError | undefined;
  if (!Array.isArray(raw) || raw[0] !== -3) return undefined;
  return translateTraits(raw[3] as never) as ErrorTraits;
}

/** The code query-protocol clients know an error by ("AWS.SimpleQueueService.NonExistentQueue", "InvalidParameter"). */
export function queryErrorCode(module: SchemaModule, error: AwsError): string {
  return error.queryCode ?? errorTraits(module, error.code)?.awsQueryError?.[0] ?? error.code;
}
