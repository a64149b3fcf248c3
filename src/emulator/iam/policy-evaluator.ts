/**
 * A pure IAM policy evaluator: (policy, request) -> allow | deny | neutral.
 * Follows the documented evaluation logic for a single policy: a matching Deny
 * statement wins, otherwise a matching Allow allows, otherwise the policy is
 * silent. Combining several policies is the authorizer's job.
 */
import type { PolicyDocument, PolicyStatement, PrincipalBlock } from "./policy-document.js";
import { toList } from "./policy-document.js";
import type { Principal } from "./principal.js";

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
  if (pattern === "*") return true;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

export function principalMatches(block: PrincipalBlock, principal: Principal): boolean {
  if (block === "*") return true;
  for (const [type, values] of Object.entries(block)) {
    for (const value of toList(values)) {
      if (type === "AWS") {
        if (value === "*") return true;
        if (principal.kind === "service") continue;
        if (value === principal.accountId || value === `arn:aws:iam::${principal.accountId}:root`) return true;
        if (principal.kind === "role-session" && (value === principal.roleArn || value === principal.arn)) {
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

const BASE_OPERATORS: Record<string, { test: ConditionTest; negated: boolean }> = {
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
  numericequals: { test: (c, p) => Number(c) === Number(p), negated: false },
  numericnotequals: { test: (c, p) => Number(c) === Number(p), negated: true },
  numericlessthan: { test: (c, p) => Number(c) < Number(p), negated: false },
  numericlessthanequals: { test: (c, p) => Number(c) <= Number(p), negated: false },
  numericgreaterthan: { test: (c, p) => Number(c) > Number(p), negated: false },
  numericgreaterthanequals: { test: (c, p) => Number(c) >= Number(p), negated: false },
  bool: { test: (c, p) => c.toLowerCase() === p.toLowerCase(), negated: false },
};

/**
 * ArnEquals/ArnLike compare the six colon-separated parts separately, each
 * with * and ? wildcards (IAM condition operator reference).
 */
export function arnMatches(pattern: string, arn: string): boolean {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (p.length !== a.length) return pattern === "*" || globMatches(pattern, arn, false);
  return p.every((part, i) => globMatches(part, a[i] as string, false));
}

function splitArn(arn: string): string[] {
  const parts = arn.split(":");
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
}

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
  let operator = rawOperator.toLowerCase();
  let setMode: "any" | "all" | undefined;
  if (operator.startsWith("forallvalues:")) {
    setMode = "all";
    operator = operator.slice("forallvalues:".length);
  } else if (operator.startsWith("foranyvalue:")) {
    setMode = "any";
    operator = operator.slice("foranyvalue:".length);
  }
  const ifExists = operator.endsWith("ifexists");
  if (ifExists) operator = operator.slice(0, -"ifexists".length);

  if (operator === "null") {
    const absent = contextValue === undefined || (Array.isArray(contextValue) && contextValue.length === 0);
    return values.some((v) => (v.toLowerCase() === "true") === absent);
  }
  const spec = BASE_OPERATORS[operator];
  if (!spec) return false; // unknown operators never match, so an Allow with them grants nothing

  if (contextValue === undefined || (Array.isArray(contextValue) && contextValue.length === 0)) {
    if (ifExists) return true;
    if (setMode === "all") return true;
    return spec.negated;
  }
  const contextValues = toList(contextValue);
  const matchesAny = (c: string) => values.some((p) => spec.test(c, p));
  if (setMode === "all") {
    return contextValues.every((c) => (spec.negated ? !matchesAny(c) : matchesAny(c)));
  }
  const anyMatch = contextValues.some(matchesAny);
  return spec.negated ? !anyMatch : anyMatch;
}

function lowerCaseKeys(context: Record<string, ContextValue>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context)) out[key.toLowerCase()] = value;
  return out;
}
