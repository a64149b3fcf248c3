/**
 * A pure IAM policy evaluator: (policy, request) -> allow | deny | neutral.
 * Follows the documented evaluation logic for a single policy: a matching Deny
 * statement wins, otherwise a matching Allow allows, otherwise the policy is
 * silent. Combining several policies is the authorizer's job.
 */
import { BlockList, isIP } from "node:net";
import { arnFields } from "../arn.js";
import type { PolicyDocument, PolicyStatement, PrincipalBlock } from "./policy-document.js";
import { parseConditionOperator, toList } from "./policy-document.js";
import type { Principal } from "./principal.js";
import { wildcardMatches } from "./wildcard.js";

export type Decision = "allow" | "deny" | "neutral";

export type ContextValue = string | string[] | undefined;

export interface EvaluationRequest {
  action: string;
  resource: string;
  principal: Principal;
  /** Condition keys, matched case-insensitively (aws:SourceArn, aws:SourceAccount, s3:prefix, ...). */
  context?: Record<string, ContextValue>;
}

export interface EvaluationOptions {
  /** Resource and trust policies name a Principal; identity policies do not. */
  checkPrincipal: boolean;
}

export function evaluatePolicy(doc: PolicyDocument, request: EvaluationRequest, options: EvaluationOptions): Decision {
  let allowed = false;
  for (const statement of doc.Statement) {
    if (!statementApplies(statement, request, options)) continue;
    if (statement.Effect === "Deny") return "deny";
    allowed = true;
  }
  return allowed ? "allow" : "neutral";
}

/** Evaluates several policies of one kind together: any deny wins, then any allow. */
export function evaluatePolicies(
  docs: readonly PolicyDocument[],
  request: EvaluationRequest,
  options: EvaluationOptions,
): Decision {
  let result: Decision = "neutral";
  for (const doc of docs) {
    const decision = evaluatePolicy(doc, request, options);
    if (decision === "deny") return "deny";
    if (decision === "allow") result = "allow";
  }
  return result;
}

function statementApplies(s: PolicyStatement, request: EvaluationRequest, options: EvaluationOptions): boolean {
  if (s.Action !== undefined && !toList(s.Action).some((a) => actionMatches(a, request.action))) return false;
  if (s.NotAction !== undefined && toList(s.NotAction).some((a) => actionMatches(a, request.action))) return false;
  if (s.Resource !== undefined && !toList(s.Resource).some((r) => globMatches(r, request.resource, false))) return false;
  if (s.NotResource !== undefined && toList(s.NotResource).some((r) => globMatches(r, request.resource, false))) {
    return false;
  }
  if (options.checkPrincipal) {
    if (s.Principal !== undefined && !principalMatches(s.Principal, request.principal)) return false;
    if (s.NotPrincipal !== undefined && principalMatches(s.NotPrincipal, request.principal)) return false;
    if (s.Principal === undefined && s.NotPrincipal === undefined) return false;
  }
  return conditionsHold(s.Condition, lowerCaseKeys(request.context ?? {}));
}

/** Actions compare case-insensitively, with * and ? wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern, action, true);
}

export function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  return wildcardMatches(pattern, value, ignoreCase);
}

export function principalMatches(block: PrincipalBlock, principal: Principal): boolean {
  if (block === "*") return true;
  for (const [type, values] of Object.entries(block)) {
    for (const value of toList(values)) {
      if (type === "AWS") {
        if (value === "*") return true;
        if (principal.kind === "service") continue;
        if (value === principal.accountId || value === `arn:aws:iam::${principal.accountId}:root`) return true;
        // A role is named by its ARN or, once IAM has resolved it, its unique id; a session by its STS ARN.
        if (
          principal.kind === "role-session" &&
          (value === principal.roleArn || value === principal.arn || value === principal.roleId)
        ) {
          return true;
        }
      } else if (type === "Service") {
        if (principal.kind === "service" && value === principal.service) return true;
      }
    }
  }
  return false;
}

type ConditionTest = (contextValue: string, policyValue: string) => boolean;

interface OperatorSpec {
  test: ConditionTest;
  /** Negated operators (StringNotEquals, ArnNotLike, ...) hold when no value matches, and for absent keys. */
  negated: boolean;
}

const BASE_OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { test: (c, p) => c === p, negated: false },
  stringnotequals: { test: (c, p) => c === p, negated: true },
  stringequalsignorecase: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: false },
  stringnotequalsignorecase: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: true },
  stringlike: { test: (c, p) => globMatches(p, c, false), negated: false },
  stringnotlike: { test: (c, p) => globMatches(p, c, false), negated: true },
  arnequals: { test: (c, p) => arnMatches(p, c), negated: false },
  arnlike: { test: (c, p) => arnMatches(p, c), negated: false },
  arnnotequals: { test: (c, p) => arnMatches(p, c), negated: true },
  arnnotlike: { test: (c, p) => arnMatches(p, c), negated: true },
  numericequals: { test: numeric((c, p) => c === p), negated: false },
  numericnotequals: { test: numeric((c, p) => c === p), negated: true },
  numericlessthan: { test: numeric((c, p) => c < p), negated: false },
  numericlessthanequals: { test: numeric((c, p) => c <= p), negated: false },
  numericgreaterthan: { test: numeric((c, p) => c > p), negated: false },
  numericgreaterthanequals: { test: numeric((c, p) => c >= p), negated: false },
  dateequals: { test: date((c, p) => c === p), negated: false },
  datenotequals: { test: date((c, p) => c === p), negated: true },
  datelessthan: { test: date((c, p) => c < p), negated: false },
  datelessthanequals: { test: date((c, p) => c <= p), negated: false },
  dategreaterthan: { test: date((c, p) => c > p), negated: false },
  dategreaterthanequals: { test: date((c, p) => c >= p), negated: false },
  bool: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: false },
  binaryequals: { test: (c, p) => c === p, negated: false },
  ipaddress: { test: (c, p) => ipInCidr(c, p), negated: false },
  notipaddress: { test: (c, p) => ipInCidr(c, p), negated: true },
};

/** Both sides must be numbers; anything else never matches (and so a negated operator holds). */
function numeric(compare: (c: number, p: number) => boolean): ConditionTest {
  return (c, p) => {
    const [left, right] = [Number(c), Number(p)];
    return c.trim() !== "" && p.trim() !== "" && !Number.isNaN(left) && !Number.isNaN(right) && compare(left, right);
  };
}

/** Dates are ISO 8601 or epoch seconds (aws:EpochTime), compared as instants. */
function date(compare: (c: number, p: number) => boolean): ConditionTest {
  const instant = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text));
  return (c, p) => {
    const [left, right] = [instant(c), instant(p)];
    return !Number.isNaN(left) && !Number.isNaN(right) && compare(left, right);
  };
}

/**
 * ArnEquals/ArnLike compare the six colon-separated parts separately, each
 * with * and ? wildcards (IAM condition operator reference); the resource
 * part keeps its own colons.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  const p = arnFields(pattern);
  const a = arnFields(arn);
  // A value that is not a six-part ARN can only match a pattern that is not one either
  // (unconfirmed edge; AWS documents only ARN-shaped values).
  if (p.length !== 6 || a.length !== 6) return p.length === a.length && globMatches(pattern, arn, false);
  return p.every((part, i) => globMatches(part, a[i] as string, false));
}

/** IPv4 and IPv6 addresses against a CIDR block (or a single address), with Node's own BlockList. */
function ipInCidr(address: string, cidr: string): boolean {
  const [network = "", bitsText] = cidr.split("/");
  const family = isIP(network);
  if (family === 0 || isIP(address) !== family) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const width = family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!/^\d+$/.test(bitsText ?? "0") || bits > width) return false;
  const block = new BlockList();
  block.addSubnet(network, bits, type);
  return block.check(address, type);
}

/** Every operator must hold (AND); within one, every key must hold (AND); values of one key are alternatives (OR). */
function conditionsHold(block: PolicyStatement["Condition"], context: Record<string, ContextValue>): boolean {
  if (!block) return true;
  for (const [rawOperator, entries] of Object.entries(block)) {
    for (const [rawKey, rawValues] of Object.entries(entries)) {
      const values = toList(rawValues as string | string[]).map(String);
      const contextValue = context[rawKey.toLowerCase()];
      if (!conditionHolds(rawOperator, values, contextValue)) return false;
    }
  }
  return true;
}

function conditionHolds(rawOperator: string, values: string[], contextValue: ContextValue): boolean {
  const { base, set, ifExists } = parseConditionOperator(rawOperator);
  const absent = contextValue === undefined || (Array.isArray(contextValue) && contextValue.length === 0);

  if (base === "null") return values.some((v) => (v.toLowerCase() === "true") === absent);
  const spec = BASE_OPERATORS[base];
  if (!spec) return false; // unknown operators never match, so an Allow with them grants nothing

  if (absent) {
    // IfExists: "if the key is not present, the condition evaluates to true".
    if (ifExists) return true;
    // ForAllValues holds for an empty or absent set; ForAnyValue never does.
    if (set === "all") return true;
    if (set === "any") return false;
    return spec.negated;
  }
  const contextValues = toList(contextValue);
  const matchesAny = (c: string) => values.some((p) => spec.test(c, p));
  if (set === "all") return contextValues.every((c) => (spec.negated ? !matchesAny(c) : matchesAny(c)));
  if (set === "any") return contextValues.some((c) => (spec.negated ? !matchesAny(c) : matchesAny(c)));
  const anyMatch = contextValues.some(matchesAny);
  return spec.negated ? !anyMatch : anyMatch;
}

function lowerCaseKeys(context: Record<string, ContextValue>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context)) out[key.toLowerCase()] = value;
  return out;
}
