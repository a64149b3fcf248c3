/** CloudWatch Logs input rules (API reference constraints and quotas). */
import { AwsError } from "../../errors.js";
import type { OperationContext } from "../service.js";
import { groupNameFromArn } from "./arns.js";
import { constraintViolation, invalidNextToken, invalidParameter } from "./errors.js";

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;

export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * A name past 512 characters is not answered in the validation-error form but
 * in the service's own words (localstack test_logs_groups.snapshot.json
 * "test_create_log_group_invalid_name_length", test_logs_metric_filters.snapshot.json
 * "test_delete_metric_filter_invalid_log_group_name").
 */
function nameTooLong(): AwsError {
  return invalidParameter("Invalid LogGroup or LogStream, both must have length less than or equal to 512.");
}

export function validateGroupName(name: string | undefined, parameter = "logGroupName"): string {
  if (name === undefined || name.length === 0) {
    throw constraintViolation(parameter, name ?? "", "Member must have length greater than or equal to 1");
  }
  if (name.length > 512) throw nameTooLong();
  if (!GROUP_NAME.test(name)) {
    throw constraintViolation(parameter, name, "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
  }
  return name;
}

export function validateStreamName(name: string | undefined): string {
  if (name === undefined || name.length === 0) {
    throw constraintViolation("logStreamName", name ?? "", "Member must have length greater than or equal to 1");
  }
  if (name.length > 512) throw nameTooLong();
  if (/[:*]/.test(name)) throw constraintViolation("logStreamName", name, "Member must satisfy regular expression pattern: [^:*]*");
  return name;
}

export function validateRetention(days: number | undefined): number {
  if (days === undefined || !RETENTION_DAYS.includes(days)) {
    throw constraintViolation("retentionInDays", days, `Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`);
  }
  return days;
}

export function validateLimit(limit: number | undefined, max: number, fallback: number): number {
  if (limit === undefined) return fallback;
  if (limit < 1) throw constraintViolation("limit", limit, "Member must have value greater than or equal to 1");
  if (limit > max) throw constraintViolation("limit", limit, `Member must have value less than or equal to ${max}`);
  return limit;
}

/** Tags: ≤ 50 per group, keys 1-128 and values ≤ 256 characters, keys not starting with `aws:`. */
export function validateTags(tags: Record<string, string> | undefined): Record<string, string> {
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (key.length < 1 || key.length > 128 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(key)) {
      throw constraintViolation("tags", key, "Member must satisfy map keys constraint: Member must have length less than or equal to 128, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$");
    }
    if (key.toLowerCase().startsWith("aws:")) throw invalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
    if (value.length > 256) {
      throw constraintViolation("tags", value, "Member must satisfy map values constraint: Member must have length less than or equal to 256");
    }
  }
  return { ...(tags ?? {}) };
}

/**
 * logGroupName or logGroupIdentifier (a name or a log group ARN without `:*`),
 * never both.
 */
export function resolveGroupName(
  input: { logGroupName?: string; logGroupIdentifier?: string },
  ctx: Pick<OperationContext, "region" | "accountId">,
): string {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    // ValidationException, not InvalidParameterException (localstack test_logs_streams.snapshot.json
    // "test_describe_log_streams_with_log_group_identifier").
    throw new AwsError("ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (input.logGroupIdentifier !== undefined) {
    const identifier = input.logGroupIdentifier;
    if (identifier.startsWith("arn:")) {
      const name = groupNameFromArn(ctx, identifier);
      if (!name) throw invalidParameter(`Invalid log group identifier: ${identifier}. Use a log group name or ARN without a trailing :*.`);
      return validateGroupName(name, "logGroupIdentifier");
    }
    return validateGroupName(identifier, "logGroupIdentifier");
  }
  if (input.logGroupName === undefined) {
    throw invalidParameter("Either logGroupName or logGroupIdentifier must be specified.");
  }
  return validateGroupName(input.logGroupName);
}

/** The group name for access checks; empty when the request names none correctly (the operation then refuses it). */
export function groupNameForAccess(
  input: { logGroupName?: string; logGroupIdentifier?: string },
  ctx: Pick<OperationContext, "region" | "accountId">,
): string {
  try {
    return resolveGroupName(input, ctx);
  } catch {
    return "";
  }
}

/** Opaque offset tokens for the Describe* listings. */
export function offsetToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

export function offsetFromToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw invalidNextToken();
}
