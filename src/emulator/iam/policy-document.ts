/**
 * IAM policy documents: the JSON grammar AWS accepts, parsed into a normalised
 * form the evaluator can walk. Validation follows what IAM, SQS, SNS and S3
 * refuse as malformed, so a document that works here also parses on AWS.
 */
export type ConditionBlock = Record<string, Record<string, string | string[] | boolean | number>>;

export type PrincipalBlock = "*" | Record<string, string | string[]>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

export class MalformedPolicyError extends Error {}

const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

/**
 * Parses and validates a policy. `kind` decides whether Principal is required
 * (resource policies) or forbidden (identity policies), as AWS does.
 */
export function parsePolicyDocument(text: string, kind: "identity" | "resource" | "trust"): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MalformedPolicyError("Syntax errors in policy.");
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new MalformedPolicyError("Syntax errors in policy.");
  }
  const doc = raw as Record<string, unknown>;
  if (doc.Version !== undefined && !VERSIONS.has(String(doc.Version))) {
    throw new MalformedPolicyError(`The policy must contain a valid version string`);
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  if (statements.length === 0) {
    throw new MalformedPolicyError("Missing required field Statement");
  }
  const parsed = statements.map((s) => parseStatement(s, kind));
  return { Version: doc.Version as string | undefined, Id: doc.Id as string | undefined, Statement: parsed };
}

function parseStatement(raw: unknown, kind: "identity" | "resource" | "trust"): PolicyStatement {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new MalformedPolicyError("Syntax errors in policy.");
  }
  const s = raw as Record<string, unknown>;
  if (s.Effect !== "Allow" && s.Effect !== "Deny") {
    throw new MalformedPolicyError(
      s.Effect === undefined ? "Missing required field Effect" : `Invalid effect: ${String(s.Effect)}`,
    );
  }
  if (s.Action === undefined && s.NotAction === undefined) {
    throw new MalformedPolicyError("Policy statement must contain actions.");
  }
  if (s.Action !== undefined && s.NotAction !== undefined) {
    throw new MalformedPolicyError("Statement can not contain both Action and NotAction.");
  }
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (kind === "identity" && hasPrincipal) {
    throw new MalformedPolicyError("Policy document should not specify a principal.");
  }
  if (kind !== "identity" && !hasPrincipal) {
    throw new MalformedPolicyError("Missing required field Principal");
  }
  if (kind !== "trust" && s.Resource === undefined && s.NotResource === undefined) {
    throw new MalformedPolicyError("Policy statement must contain resources.");
  }
  for (const field of ["Action", "NotAction", "Resource", "NotResource"] as const) {
    const value = s[field];
    if (value !== undefined && !isStringOrStringList(value)) {
      throw new MalformedPolicyError(`Syntax errors in policy: ${field} must be a string or a list of strings.`);
    }
  }
  for (const action of toList((s.Action ?? s.NotAction) as string | string[])) {
    if (action !== "*" && !/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/.test(action)) {
      throw new MalformedPolicyError(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
    }
  }
  if (s.Condition !== undefined && (typeof s.Condition !== "object" || s.Condition === null)) {
    throw new MalformedPolicyError("Syntax errors in policy: Condition must be an object.");
  }
  return s as unknown as PolicyStatement;
}

function isStringOrStringList(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

export function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
