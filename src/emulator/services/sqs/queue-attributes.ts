/**
 * Queue attributes: validation of what CreateQueue and SetQueueAttributes
 * may set (ranges per the SQS API reference), the typed settings a queue
 * keeps, and their string form on the wire (every value is a string).
 */
import { MalformedPolicyError, parsePolicyDocument, type PolicyDocument } from "../../policy/policy-document.js";
import { fifoUnsupported, invalidAttributeName, invalidAttributeValue, invalidParameter } from "./errors.js";
import { parseQueueArn } from "../../queue-address.js";

export interface QueuePolicy {
  text: string;
  document: PolicyDocument;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export type RedrivePermission = "allowAll" | "denyAll" | "byQueue";

export interface RedriveAllowPolicy {
  redrivePermission: RedrivePermission;
  sourceQueueArns?: string[];
}

export interface QueueSettings {
  DelaySeconds: number;
  MaximumMessageSize: number;
  MessageRetentionPeriod: number;
  ReceiveMessageWaitTimeSeconds: number;
  VisibilityTimeout: number;
  SqsManagedSseEnabled: boolean;
  KmsMasterKeyId?: string;
  KmsDataKeyReusePeriodSeconds: number;
  Policy?: QueuePolicy;
  RedrivePolicy?: RedrivePolicy;
  RedriveAllowPolicy?: RedriveAllowPolicy;
}

/** A new standard queue's attributes; SSE-SQS is on by default for new queues. */
export function defaultQueueSettings(): QueueSettings {
  return {
    DelaySeconds: 0,
    MaximumMessageSize: 1_048_576,
    MessageRetentionPeriod: 345_600,
    ReceiveMessageWaitTimeSeconds: 0,
    VisibilityTimeout: 30,
    SqsManagedSseEnabled: true,
    KmsDataKeyReusePeriodSeconds: 300,
  };
}

type IntegerAttribute =
  | "DelaySeconds"
  | "MaximumMessageSize"
  | "MessageRetentionPeriod"
  | "ReceiveMessageWaitTimeSeconds"
  | "VisibilityTimeout"
  | "KmsDataKeyReusePeriodSeconds";

const INTEGER_RANGES: Record<IntegerAttribute, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

/** Attributes only GetQueueAttributes knows. */
export const READ_ONLY_ATTRIBUTES = [
  "QueueArn",
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
  "CreatedTimestamp",
  "LastModifiedTimestamp",
] as const;

const MAX_POLICY_STATEMENTS = 20;
const MAX_REDRIVE_SOURCE_ARNS = 10;

/** What attribute validation needs to know about other queues (the dead-letter target). */
export interface AttributeContext {
  queueArn: string;
  redriveAllowPolicyOf(queueArn: string): RedriveAllowPolicy | "missing" | undefined;
}

/** A change to a queue's settings; a key present with `undefined` removes that attribute. */
export type SettingsPatch = Partial<QueueSettings>;

/**
 * Validates attributes given to CreateQueue or SetQueueAttributes and returns
 * the change they make. Empty Policy/RedrivePolicy/RedriveAllowPolicy remove it.
 */
export function parseQueueAttributes(
  attributes: Record<string, string>,
  context: AttributeContext,
  operation: "CreateQueue" | "SetQueueAttributes",
): SettingsPatch {
  const patch: SettingsPatch = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name in INTEGER_RANGES) {
      patch[name as IntegerAttribute] = parseInteger(name, value, INTEGER_RANGES[name as IntegerAttribute]);
      continue;
    }
    switch (name) {
      case "Policy":
        patch.Policy = value === "" ? undefined : parseQueuePolicy(value);
        break;
      case "RedrivePolicy":
        patch.RedrivePolicy = value === "" ? undefined : parseRedrivePolicy(value, context);
        break;
      case "RedriveAllowPolicy":
        patch.RedriveAllowPolicy = value === "" ? undefined : parseRedriveAllowPolicy(value);
        break;
      case "SqsManagedSseEnabled":
        patch.SqsManagedSseEnabled = parseBoolean(name, value);
        break;
      case "KmsMasterKeyId":
        patch.KmsMasterKeyId = value === "" ? undefined : value;
        break;
      case "FifoQueue":
        if (operation === "SetQueueAttributes") throw invalidAttributeName(name);
        if (parseBoolean(name, value)) throw fifoUnsupported();
        break;
      default:
        // Read-only, FIFO-only (standard queues have none of them) or unknown: AWS names the attribute it refuses.
        throw invalidAttributeName(name);
    }
  }
  const choosesKms = patch.KmsMasterKeyId !== undefined;
  if (choosesKms && patch.SqsManagedSseEnabled === true) {
    throw invalidAttributeValue(
      "SqsManagedSseEnabled",
      "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
    );
  }
  // One encryption at a time: choosing a KMS key turns SSE-SQS off and vice versa.
  if (choosesKms) patch.SqsManagedSseEnabled = false;
  if (patch.SqsManagedSseEnabled === true) patch.KmsMasterKeyId = undefined;
  return patch;
}

/** The configurable attributes in their wire form, as GetQueueAttributes shows them. */
export function renderQueueSettings(settings: QueueSettings): Record<string, string> {
  const out: Record<string, string> = {
    DelaySeconds: String(settings.DelaySeconds),
    MaximumMessageSize: String(settings.MaximumMessageSize),
    MessageRetentionPeriod: String(settings.MessageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(settings.ReceiveMessageWaitTimeSeconds),
    VisibilityTimeout: String(settings.VisibilityTimeout),
    SqsManagedSseEnabled: String(settings.SqsManagedSseEnabled),
  };
  if (settings.KmsMasterKeyId !== undefined) {
    out.KmsMasterKeyId = settings.KmsMasterKeyId;
    out.KmsDataKeyReusePeriodSeconds = String(settings.KmsDataKeyReusePeriodSeconds);
  }
  if (settings.Policy) out.Policy = settings.Policy.text;
  if (settings.RedrivePolicy) out.RedrivePolicy = JSON.stringify(settings.RedrivePolicy);
  if (settings.RedriveAllowPolicy) out.RedriveAllowPolicy = JSON.stringify(settings.RedriveAllowPolicy);
  return out;
}

/** Whether two wire values of attribute `name` mean the same (policies compared by JSON content). */
export function sameAttributeValue(name: string, a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (name === "Policy" || name === "RedrivePolicy" || name === "RedriveAllowPolicy") {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  }
  return a === b;
}

function parseInteger(name: string, value: string, [min, max]: [number, number]): number {
  if (!/^-?\d+$/.test(value.trim())) throw invalidAttributeValue(name);
  const n = Number(value.trim());
  if (n < min || n > max) throw invalidAttributeValue(name);
  return n;
}

function parseBoolean(name: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower !== "true" && lower !== "false") throw invalidAttributeValue(name);
  return lower === "true";
}

function parseQueuePolicy(text: string): QueuePolicy {
  let document: PolicyDocument;
  try {
    document = parsePolicyDocument(text, "resource");
  } catch (error) {
    if (error instanceof MalformedPolicyError) throw invalidAttributeValue("Policy", error.message);
    throw error;
  }
  if (document.Statement.length > MAX_POLICY_STATEMENTS) {
    throw invalidAttributeValue("Policy", `A policy can contain at most ${MAX_POLICY_STATEMENTS} statements.`);
  }
  return { text, document };
}

function parseJsonMap(name: string, text: string, reason: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidParameter(name, text, reason);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalidParameter(name, text, reason);
  return raw as Record<string, unknown>;
}

function parseRedrivePolicy(text: string, context: AttributeContext): RedrivePolicy {
  const raw = parseJsonMap("RedrivePolicy", text, "Redrive policy is not a valid JSON map.");
  const target = raw.deadLetterTargetArn;
  if (typeof target !== "string" || target === "") {
    throw invalidParameter("RedrivePolicy", text, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  }
  if (raw.maxReceiveCount === undefined) {
    throw invalidParameter("RedrivePolicy", text, "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  }
  // AWS accepts the count as a number or a numeric string and returns it as a number.
  const count = Number(raw.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidParameter(
      "RedrivePolicy",
      text,
      `Invalid value for maxReceiveCount: ${String(raw.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  const source = parseQueueArn(context.queueArn)!;
  const dlq = parseQueueArn(target);
  if (!dlq || dlq.accountId !== source.accountId || dlq.region !== source.region) {
    throw invalidParameter(
      "RedrivePolicy",
      text,
      "Dead-letter target must be a queue ARN in the same account and region as the source queue.",
    );
  }
  const allow = context.redriveAllowPolicyOf(target);
  if (allow === "missing") throw invalidParameter("RedrivePolicy", text, "Dead letter target does not exist.");
  if (allow && !redriveAllowed(allow, context.queueArn)) {
    throw invalidParameter(
      "RedrivePolicy",
      text,
      `The RedriveAllowPolicy of ${target} does not allow ${context.queueArn} to use it as a dead-letter queue.`,
    );
  }
  return { deadLetterTargetArn: target, maxReceiveCount: count };
}

export function redriveAllowed(policy: RedriveAllowPolicy, sourceArn: string): boolean {
  if (policy.redrivePermission === "allowAll") return true;
  if (policy.redrivePermission === "denyAll") return false;
  return policy.sourceQueueArns?.includes(sourceArn) ?? false;
}

function parseRedriveAllowPolicy(text: string): RedriveAllowPolicy {
  const raw = parseJsonMap("RedriveAllowPolicy", text, "Redrive allow policy is not a valid JSON map.");
  const permission = raw.redrivePermission;
  if (permission !== "allowAll" && permission !== "denyAll" && permission !== "byQueue") {
    throw invalidParameter(
      "RedriveAllowPolicy",
      text,
      "redrivePermission must be one of allowAll, denyAll or byQueue.",
    );
  }
  const sources = raw.sourceQueueArns;
  if (permission !== "byQueue") {
    if (sources !== undefined) {
      throw invalidParameter("RedriveAllowPolicy", text, "sourceQueueArns may only be given when redrivePermission is byQueue.");
    }
    return { redrivePermission: permission };
  }
  if (
    !Array.isArray(sources) ||
    sources.length === 0 ||
    sources.length > MAX_REDRIVE_SOURCE_ARNS ||
    !sources.every((arn) => typeof arn === "string" && parseQueueArn(arn))
  ) {
    throw invalidParameter(
      "RedriveAllowPolicy",
      text,
      `byQueue needs sourceQueueArns: 1 to ${MAX_REDRIVE_SOURCE_ARNS} queue ARNs.`,
    );
  }
  return { redrivePermission: permission, sourceQueueArns: sources as string[] };
}
