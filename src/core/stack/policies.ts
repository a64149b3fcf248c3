/**
 * Every policy document the stack uses, built from exact ARNs (no "*"
 * resource where an ARN exists), and a comparison that ignores formatting
 * differences AWS introduces (single value vs one-element list, order,
 * IAM's URL-encoding).
 */
import type { Consumer, StackConfig } from "./config.js";

export type PolicyValue = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: { Service: PolicyValue } | { AWS: PolicyValue };
  Action: PolicyValue;
  Resource?: PolicyValue;
  Condition?: Record<string, Record<string, PolicyValue>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * Only S3, only from this bucket and this account, may publish (the
 * confused-deputy protection AWS recommends). Must be in place before the
 * bucket notification, or S3 refuses it ("Unable to validate the following
 * destination configurations").
 */
export function topicPolicyFor(config: StackConfig): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowBucketToPublish",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: config.topic.arn,
        Condition: {
          ArnLike: { "aws:SourceArn": config.bucket.arn },
          StringEquals: { "aws:SourceAccount": config.account },
        },
      },
    ],
  };
}

/** Only SNS, only from this stack's topic, may send. Without it SNS drops deliveries silently. */
export function queuePolicyFor(config: StackConfig, consumer: Consumer): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowTopicToSend",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: config.consumers[consumer].queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": config.topic.arn } },
      },
    ],
  };
}

export function lambdaTrustPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
}

/**
 * One consumer's execution role: its own queue (what the event source mapping
 * needs), its own pre-created log group's streams (so no logs:CreateLogGroup),
 * read and write of the bucket prefixes it declares, and its raw statements.
 */
export function consumerPolicyFor(config: StackConfig, consumer: Consumer): PolicyDocument {
  const names = config.consumers[consumer]!;
  const { permissions, statements } = config.consumerSpecs[consumer]!;
  const objectsUnder = (prefixes: string[]): PolicyValue => {
    const arns = prefixes.map((prefix) => `${config.bucket.arn}/${prefix}*`);
    return arns.length === 1 ? arns[0]! : arns;
  };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConsumeOwnQueue",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        Resource: names.queueArn,
      },
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: names.logGroupStreamsArn,
      },
      ...(permissions.read.length > 0
        ? [{ Sid: "ReadUploads", Effect: "Allow" as const, Action: "s3:GetObject", Resource: objectsUnder(permissions.read) }]
        : []),
      ...(permissions.write.length > 0
        ? [{ Sid: "WriteOwnResults", Effect: "Allow" as const, Action: "s3:PutObject", Resource: objectsUnder(permissions.write) }]
        : []),
      ...(statements as PolicyStatement[]),
    ],
  };
}

/** Parses a policy as AWS returns it: plain JSON (SNS, SQS) or URL-encoded JSON (IAM). */
export function parsePolicy(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  const trimmed = text.trim();
  const json = trimmed.startsWith("{") ? trimmed : decodeURIComponent(trimmed);
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** True when some statement of the policy names `service` as its principal. */
export function admitsService(policy: unknown, service: string): boolean {
  const statements = (policy as { Statement?: unknown } | undefined)?.Statement;
  return toList(statements ?? []).some((statement) => {
    const principal = (statement as { Principal?: { Service?: unknown } } | null)?.Principal;
    return principal?.Service !== undefined && toList(principal.Service).includes(service);
  });
}

/** True when two policies grant the same thing, whatever their formatting. */
export function samePolicy(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalPolicy(a)) === JSON.stringify(canonicalPolicy(b));
}

/**
 * Single values become one-element lists, lists are sorted, object keys are
 * sorted, statement ids are dropped (AWS may add or keep them) and action
 * names are compared case-insensitively as IAM does.
 */
function canonicalPolicy(value: unknown, key = "", parentKey = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalPolicy(item, key, parentKey));
    return items.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  }
  if (value !== null && typeof value === "object") {
    // Inside Condition: { Operator: { "condition-key": value | [values] } }
    const conditionValues = parentKey === "Condition";
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([name]) => name !== "Sid" && name !== "Id")
      .map(([name, item]) => {
        const normalised = conditionValues || listKeys.has(name) ? toList(item) : item;
        return [name, canonicalPolicy(normalised, name, key)] as const;
      })
      .sort(([x], [y]) => x.localeCompare(y));
    return Object.fromEntries(entries);
  }
  if (typeof value === "string" && (key === "Action" || key === "NotAction")) return value.toLowerCase();
  return value;
}

const listKeys = new Set(["Action", "NotAction", "Resource", "NotResource", "Service", "AWS", "Statement"]);

function toList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
