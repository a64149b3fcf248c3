/**
 * Function names and ARNs as Lambda's API accepts them: a name
 * (`my-function`), a partial ARN (`123456789012:function:my-function`) or a
 * full ARN, each optionally with a `:qualifier`.
 */
import { createHash } from "node:crypto";
import type { OperationContext } from "../service.js";
import { functionNotFound, validationError } from "./errors.js";

export interface FunctionReference {
  accountId: string;
  region: string;
  name: string;
  qualifier: string | undefined;
}

/** The model's FunctionName pattern, with the parts captured. */
const FUNCTION_REFERENCE =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d{1}):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const FUNCTION_NAME_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
const MAX_NAME_LENGTH = 64;

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ""}`;
}

export function eventSourceMappingArn(region: string, accountId: string, uuid: string): string {
  return `arn:aws:lambda:${region}:${accountId}:event-source-mapping:${uuid}`;
}

/** Parses a FunctionName parameter; names without region or account take the caller's. */
export function parseFunctionReference(value: string | undefined, ctx: OperationContext, field = "functionName"): FunctionReference {
  const match = FUNCTION_REFERENCE.exec(value ?? "");
  if (!match) {
    throw validationError(field, value, `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`);
  }
  const [, region, accountId, name, qualifier] = match;
  if (name!.length > MAX_NAME_LENGTH) {
    throw validationError(field, value, `Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  const reference = { accountId: accountId ?? ctx.accountId, region: region ?? ctx.region, name: name!, qualifier };
  if (reference.region !== ctx.region) {
    // A function lives in one region; asking another region's endpoint for it finds nothing.
    throw functionNotFound(functionArn(reference.region, reference.accountId, reference.name));
  }
  return reference;
}

/** The ARN an operation is authorised against, even for a malformed name (validation reports that later). */
export function requestedFunctionArn(value: string | undefined, ctx: OperationContext, withQualifier?: string): string {
  const match = FUNCTION_REFERENCE.exec(value ?? "");
  if (!match) return functionArn(ctx.region, ctx.accountId, value ?? "");
  const [, region, accountId, name, qualifier] = match;
  return functionArn(region ?? ctx.region, accountId ?? ctx.accountId, name!, withQualifier ?? qualifier);
}

/** Parses a function or event source mapping ARN given as a tagging resource. */
export function parseLambdaArn(arn: string):
  | { kind: "function"; region: string; accountId: string; name: string; qualifier: string | undefined }
  | { kind: "event-source-mapping"; region: string; accountId: string; uuid: string }
  | undefined {
  const fn = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::([^:]+))?$/.exec(arn);
  if (fn) return { kind: "function", region: fn[1]!, accountId: fn[2]!, name: fn[3]!, qualifier: fn[4] };
  const mapping = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):event-source-mapping:([0-9a-f-]+)$/.exec(arn);
  if (mapping) return { kind: "event-source-mapping", region: mapping[1]!, accountId: mapping[2]!, uuid: mapping[3]! };
  return undefined;
}

/** A stable runtime version ARN per runtime and region (Lambda's RuntimeVersionConfig). */
export function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash("sha256").update(`eda:${runtime}`).digest("hex")}`;
}

/** Lambda's timestamp format: 2026-01-01T12:00:00.000+0000 */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** A Qualifier parameter joins the name the way a qualified ARN would. */
export function qualifiedName(functionName: string | undefined, qualifier: string | undefined): string | undefined {
  return qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
}
