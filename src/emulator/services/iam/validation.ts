/**
 * IAM's input rules (IAM API reference and quotas). Pattern and length
 * violations answer ValidationError, as the service does before any lookup.
 */
import { AwsError } from "../../errors.js";
import { validationError } from "./errors.js";
import type { Tag } from "./managed-policy.js";

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^\/$|^\/[\x21-\x7e]+\/$/;

export function validateName(parameter: string, value: string | undefined, maxLength: number): string {
  const name = required(parameter, value);
  if (name.length > maxLength) {
    throw validationError(parameter, name, `Member must have length less than or equal to ${maxLength}`);
  }
  if (!NAME.test(name)) {
    throw validationError(parameter, name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  }
  return name;
}

export function validatePath(parameter: string, value: string | undefined): string {
  if (value === undefined) return "/";
  if (value.length > 512) throw validationError(parameter, value, "Member must have length less than or equal to 512");
  if (!PATH.test(value)) {
    throw validationError(parameter, value, "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
  }
  return value;
}

export function validatePathPrefix(value: string | undefined): string {
  if (value === undefined) return "/";
  if (!/^\/[\x21-\x7e]*$/.test(value)) {
    throw validationError("pathPrefix", value, "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*");
  }
  return value;
}

export function validateDescription(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 1000) {
    throw validationError("description", value, "Member must have length less than or equal to 1000");
  }
  return value;
}

export function validateMaxSessionDuration(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value < 3600) throw validationError("maxSessionDuration", String(value), "Member must have value greater than or equal to 3600");
  if (value > 43200) throw validationError("maxSessionDuration", String(value), "Member must have value less than or equal to 43200");
  return value;
}

export function required(parameter: string, value: string | undefined): string {
  if (value === undefined || value === "") {
    throw validationError(parameter, value ?? "", "Member must have length greater than or equal to 1");
  }
  return value;
}

/** Tags on IAM entities: ≤ 50, keys ≤ 128 and values ≤ 256 characters, keys unique ignoring case. */
export function validateTags(tags: { Key?: string; Value?: string }[] | undefined, existing: Tag[] = []): Tag[] {
  const valid: Tag[] = [];
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    const key = required("tags.member.key", tag.Key);
    const value = tag.Value ?? "";
    if (key.length > 128) throw validationError("tags.member.key", key, "Member must have length less than or equal to 128");
    if (value.length > 256) throw validationError("tags.member.value", value, "Member must have length less than or equal to 256");
    if (seen.has(key.toLowerCase())) {
      throw new AwsError("InvalidInputException", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    seen.add(key.toLowerCase());
    valid.push({ Key: key, Value: value });
  }
  const keys = new Set([...existing, ...valid].map((t) => t.Key.toLowerCase()));
  if (keys.size > 50) {
    throw new AwsError("LimitExceededException", "The number of tags has reached the maximum limit.");
  }
  return valid;
}

/** A policy ARN: arn:aws:iam::<account or aws>:policy<path><name>. */
export function validatePolicyArn(value: string | undefined, parameter = "policyArn"): string {
  const arn = required(parameter, value);
  // Something that is not an ARN at all (localstack test_iam.snapshot.json "test_role_attach_policy").
  if (!/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/.test(arn)) throw new AwsError("ValidationError", "Invalid ARN:  Could not be parsed!");
  if (!/^arn:aws:iam::(\d{12}|aws):policy\/([\x21-\x7e]*\/)?[\w+=,.@-]+$/.test(arn)) {
    throw new AwsError("InvalidInputException", `ARN ${arn} is not valid.`);
  }
  return arn;
}

/** Characters IAM counts against policy size quotas: whitespace does not count. */
export function policySize(text: string): number {
  return text.replace(/\s/g, "").length;
}
