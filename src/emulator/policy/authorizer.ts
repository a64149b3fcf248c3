/**
 * Combines identity and resource policies the way AWS does for same-account
 * requests: an explicit Deny anywhere wins; otherwise an Allow in either the
 * caller's identity policies or the resource's policy allows. Service
 * principals have no identity, so only the resource policy can admit them.
 * A role's permissions boundary caps what the role session may do: the
 * effective permissions are the allows AND the boundary's allow (IAM User
 * Guide, "Permissions boundaries for IAM entities", evaluation logic).
 */
import { parseArn } from "../arn.js";
import { evaluatePolicies, evaluatePolicy, type ContextValue } from "./policy-evaluator.js";
import type { PolicyDocument } from "./policy-document.js";
import { principalArn, type Principal, type RoleSessionPrincipal } from "./principal.js";

export interface PolicySources {
  /** Inline and attached policies of the role behind a role session. */
  identityPolicies(principal: RoleSessionPrincipal): PolicyDocument[];
  /** The resource's own policy (queue, topic, bucket, function), if it has one. */
  resourcePolicy(resourceArn: string): PolicyDocument | undefined;
  /** The permissions boundary of the role behind a role session, if it has one. */
  permissionsBoundary?(principal: RoleSessionPrincipal): PolicyDocument | undefined;
}

export interface AuthorizationRequest {
  principal: Principal;
  action: string;
  resource: string;
  context?: Record<string, ContextValue>;
}

export type DenialReason =
  | "no-allow"
  | "no-resource-allow"
  | "no-boundary-allow"
  | "identity-deny"
  | "resource-deny"
  | "boundary-deny";

export type AuthorizationOutcome = { allowed: true } | { allowed: false; reason: DenialReason; message: string };

export function authorize(request: AuthorizationRequest, sources: PolicySources): AuthorizationOutcome {
  const { principal } = request;
  if (principal.kind === "admin") return { allowed: true };

  const context = { ...principalContext(principal), ...request.context };
  const evaluation = { action: request.action, resource: request.resource, principal, context };
  const resourcePolicy = sources.resourcePolicy(request.resource);
  const resourceDecision = resourcePolicy
    ? evaluatePolicy(resourcePolicy, evaluation, { checkPrincipal: true })
    : "neutral";
  const identityDecision =
    principal.kind === "role-session"
      ? evaluatePolicies(sources.identityPolicies(principal), evaluation, { checkPrincipal: false })
      : "neutral";

  const boundary = principal.kind === "role-session" ? sources.permissionsBoundary?.(principal) : undefined;
  const boundaryDecision = boundary ? evaluatePolicy(boundary, evaluation, { checkPrincipal: false }) : "allow";

  if (identityDecision === "deny") return denied(request, "identity-deny");
  if (resourceDecision === "deny") return denied(request, "resource-deny");
  if (boundaryDecision === "deny") return denied(request, "boundary-deny");
  // The boundary grants nothing by itself; whatever it does not allow is implicitly denied.
  const withinBoundary = boundaryDecision === "allow";
  // Across accounts both sides must allow: the caller's identity policy and the resource's policy.
  if (isCrossAccount(principal, request.resource)) {
    if (identityDecision !== "allow") return denied(request, "no-allow");
    if (resourceDecision !== "allow") return denied(request, "no-resource-allow");
    return withinBoundary ? { allowed: true } : denied(request, "no-boundary-allow");
  }
  if (identityDecision === "allow" || resourceDecision === "allow") {
    return withinBoundary ? { allowed: true } : denied(request, "no-boundary-allow");
  }
  return denied(request, "no-allow");
}

/** A role session acting on a resource whose ARN names another account. */
function isCrossAccount(principal: Principal, resourceArn: string): boolean {
  if (principal.kind !== "role-session") return false;
  const account = parseArn(resourceArn)?.accountId;
  return account !== undefined && /^\d{12}$/.test(account) && account !== principal.accountId;
}

/** AWS's wording for denials (IAM "Troubleshoot access denied error messages"). */
export function denialMessage(request: AuthorizationRequest, reason: DenialReason): string {
  const head = `User: ${principalArn(request.principal)} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  switch (reason) {
    case "identity-deny":
      return `${head} with an explicit deny in an identity-based policy`;
    case "resource-deny":
      return `${head} with an explicit deny in a resource-based policy`;
    case "boundary-deny":
      return `${head} with an explicit deny in a permissions boundary`;
    case "no-resource-allow":
      return `${head} because no resource-based policy allows the ${request.action} action`;
    case "no-boundary-allow":
      return `${head} because no permissions boundary allows the ${request.action} action`;
    case "no-allow":
      return request.principal.kind === "service"
        ? `${head} because no resource-based policy allows the ${request.action} action`
        : `${head} because no identity-based policy allows the ${request.action} action`;
  }
}

function denied(request: AuthorizationRequest, reason: DenialReason): AuthorizationOutcome {
  return { allowed: false, reason, message: denialMessage(request, reason) };
}

/** Global condition keys every request carries. */
function principalContext(principal: Principal): Record<string, ContextValue> {
  if (principal.kind === "service") {
    return {
      "aws:SourceArn": principal.sourceArn,
      "aws:SourceAccount": principal.sourceAccount,
      "aws:PrincipalServiceName": principal.service,
      "aws:PrincipalIsAWSService": "true",
    };
  }
  return {
    "aws:PrincipalArn": principal.kind === "role-session" ? principal.roleArn : principal.arn,
    "aws:PrincipalAccount": principal.accountId,
    "aws:PrincipalType": principal.kind === "role-session" ? "AssumedRole" : "Account",
    "aws:userid": principal.userId,
    "aws:PrincipalIsAWSService": "false",
  };
}
