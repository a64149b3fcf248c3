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

const STATEMENT_FIELDS = new Set([
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
]);

/** Condition operators of the IAM reference, matched case-insensitively, before IfExists and set prefixes. */
export const CONDITION_OPERATORS = new Set(
  [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
  ].map((op) => op.toLowerCase()),
);

/** Splits `ForAnyValue:StringLikeIfExists` into its parts (all lower-cased). */
export function parseConditionOperator(raw: string): { base: string; set?: "any" | "all"; ifExists: boolean } {
  let operator = raw.toLowerCase();
  let set: "any" | "all" | undefined;
  if (operator.startsWith("forallvalues:")) {
    set = "all";
    operator = operator.slice("forallvalues:".length);
  } else if (operator.startsWith("foranyvalue:")) {
    set = "any";
    operator = operator.slice("foranyvalue:".length);
  }
  // "Null" takes no IfExists suffix; every other operator may.
  const ifExists = operator !== "null" && operator.endsWith("ifexists");
  if (ifExists) operator = operator.slice(0, -"ifexists".length);
  return { base: operator, set, ifExists };
}

/**
 * Parses and validates a policy. `kind` decides whether Principal is required
 * (resource and trust policies) or forbidden (identity policies), as AWS does.
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
  const sids = parsed.map((s) => s.Sid).filter((sid): sid is string => sid !== undefined && sid !== "");
  if (new Set(sids).size !== sids.length) {
    throw new MalformedPolicyError("Statement IDs (SID) in a single policy must be unique.");
  }
  return { Version: doc.Version as string | undefined, Id: doc.Id as string | undefined, Statement: parsed };
}

function parseStatement(raw: unknown, kind: "identity" | "resource" | "trust"): PolicyStatement {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new MalformedPolicyError("Syntax errors in policy.");
  }
  const s = raw as Record<string, unknown>;
  for (const field of Object.keys(s)) {
    if (!STATEMENT_FIELDS.has(field)) throw new MalformedPolicyError(`Syntax errors in policy. Unknown field ${field}.`);
  }
  if (s.Sid !== undefined) {
    if (typeof s.Sid !== "string") throw new MalformedPolicyError("Syntax errors in policy. Sid must be a string.");
    // IAM's own policies restrict Sids to letters and digits; resource policies (SQS, SNS) do not.
    if (kind !== "resource" && !/^[A-Za-z0-9]*$/.test(s.Sid)) {
      throw new MalformedPolicyError("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
    }
  }
  if (s.Effect !== "Allow" && s.Effect !== "Deny") {
    throw new MalformedPolicyError(
      s.Effect === undefined ? "Missing required field Effect" : `Invalid effect: ${String(s.Effect)}`,
    );
  }
  if (s.Action !== undefined && s.NotAction !== undefined) {
    throw new MalformedPolicyError("Statement can not contain both Action and NotAction.");
  }
  if (s.Resource !== undefined && s.NotResource !== undefined) {
    throw new MalformedPolicyError("Statement can not contain both Resource and NotResource.");
  }
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
    throw new MalformedPolicyError("Statement can not contain both Principal and NotPrincipal.");
  }
  for (const field of ["Action", "NotAction", "Resource", "NotResource"] as const) {
    const value = s[field];
    if (value !== undefined && !isStringOrStringList(value)) {
      throw new MalformedPolicyError(`Syntax errors in policy: ${field} must be a string or a list of strings.`);
    }
  }
  const actions = toList((s.Action ?? s.NotAction) as string | string[] | undefined);
  if (actions.length === 0) {
    throw new MalformedPolicyError("Policy statement must contain actions.");
  }
  for (const action of actions) {
    if (action !== "*" && !/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/.test(action)) {
      throw new MalformedPolicyError(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
    }
    // Trust policies only say who may assume the role (sts:AssumeRole, sts:TagSession, ...).
    if (kind === "trust" && !action.toLowerCase().startsWith("sts:")) {
      throw new MalformedPolicyError("AssumeRole policy may only specify STS AssumeRole actions.");
    }
  }
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (kind === "identity" && hasPrincipal) {
    throw new MalformedPolicyError("Policy document should not specify a principal.");
  }
  if (kind !== "identity" && !hasPrincipal) {
    throw new MalformedPolicyError("Missing required field Principal");
  }
  if (s.Principal !== undefined) validatePrincipal(s.Principal);
  if (s.NotPrincipal !== undefined) validatePrincipal(s.NotPrincipal);
  const hasResource = s.Resource !== undefined || s.NotResource !== undefined;
  if (kind === "trust" && hasResource) {
    throw new MalformedPolicyError(`Has prohibited field ${s.Resource !== undefined ? "Resource" : "NotResource"}`);
  }
  if (kind !== "trust" && !hasResource) {
    throw new MalformedPolicyError("Policy statement must contain resources.");
  }
  for (const resource of toList((s.Resource ?? s.NotResource) as string | string[] | undefined)) {
    if (resource !== "*" && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/.test(resource)) {
      throw new MalformedPolicyError(`Resource ${resource} must be in ARN format or "*".`);
    }
  }
  if (s.Condition !== undefined) validateCondition(s.Condition);
  return s as unknown as PolicyStatement;
}

/**
 * "*" or an object of principal types. AWS principals are "*", an account id,
 * or an IAM/STS ARN (or, for deleted principals, a unique id); services are
 * DNS names such as lambda.amazonaws.com.
 */
function validatePrincipal(principal: unknown): void {
  if (principal === "*") return;
  if (!principal || typeof principal !== "object" || Array.isArray(principal)) {
    throw new MalformedPolicyError(`Invalid principal in policy: ${JSON.stringify(principal)}`);
  }
  for (const [type, values] of Object.entries(principal as Record<string, unknown>)) {
    if (!isStringOrStringList(values)) throw new MalformedPolicyError(`Invalid principal in policy: "${type}"`);
    for (const value of toList(values as string | string[])) {
      const valid =
        type === "AWS"
          ? value === "*" ||
            /^\d{12}$/.test(value) ||
            /^arn:aws[\w-]*:(iam|sts)::\d{12}:.+$/.test(value) ||
            /^A[A-Z0-9]{15,127}$/.test(value)
          : type === "Service"
            ? value === "*" || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value)
            : type === "Federated" || type === "CanonicalUser";
      if (!valid) throw new MalformedPolicyError(`Invalid principal in policy: "${type}":"${value}"`);
    }
  }
}

function validateCondition(condition: unknown): void {
  if (!condition || typeof condition !== "object" || Array.isArray(condition)) {
    throw new MalformedPolicyError("Syntax errors in policy: Condition must be an object.");
  }
  for (const [operator, entries] of Object.entries(condition as Record<string, unknown>)) {
    if (!CONDITION_OPERATORS.has(parseConditionOperator(operator).base)) {
      throw new MalformedPolicyError(`Invalid Condition type : ${operator}`);
    }
    if (!entries || typeof entries !== "object" || Array.isArray(entries)) {
      throw new MalformedPolicyError(`Syntax errors in policy: condition ${operator} must map keys to values.`);
    }
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      const values = Array.isArray(value) ? value : [value];
      if (!values.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
        throw new MalformedPolicyError(`Syntax errors in policy: invalid value for condition key ${key}.`);
      }
    }
  }
}

function isStringOrStringList(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

export function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
