/**
 * What other services (Lambda, STS) need to know about roles: whether a role
 * exists, whether a service may assume it yet (trust policies propagate with
 * IAM's eventual-consistency delay), and a session principal to issue
 * temporary credentials for.
 */
import type { PolicyDocument } from "../../policy/policy-document.js";
import { evaluatePolicy } from "../../policy/policy-evaluator.js";
import { roleSessionPrincipal, servicePrincipal as servicePrincipalFor, type RoleSessionPrincipal } from "../../policy/principal.js";
import type { AssumeRoleCheck, RoleView, ServiceHub } from "../service.js";
import { iamAccount, type Role } from "./store.js";

/** arn:aws:iam::<account>:role<path><name>; the name is the last path segment. */
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

function roleForArn(hub: ServiceHub, roleArn: string): Role | undefined {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) return undefined;
  const [, accountId, , roleName] = match as unknown as [string, string, string, string];
  const role = iamAccount(hub, accountId).findRole(roleName);
  // The ARN must name the role exactly, path and case included.
  return role?.arn === roleArn ? role : undefined;
}

export function findRoleByArn(hub: ServiceHub, roleArn: string): RoleView | undefined {
  const role = roleForArn(hub, roleArn);
  if (!role) return undefined;
  return {
    roleName: role.roleName,
    roleId: role.roleId,
    arn: role.arn,
    path: role.path,
    trustPolicy: role.trustPolicy.document,
    createDate: role.createDate,
    maxSessionDuration: role.maxSessionDuration,
  };
}

/**
 * The trust policy STS evaluates as the role's resource policy for
 * sts:AssumeRole: the propagated one, none while a new role propagates.
 */
export function effectiveTrustPolicy(hub: ServiceHub, roleArn: string): PolicyDocument | undefined {
  return roleForArn(hub, roleArn)?.effectiveTrustPolicy;
}

/**
 * Whether `servicePrincipal` (e.g. "lambda.amazonaws.com") may assume the role
 * now, acting for `sourceArn` (the function) when given.
 */
export function checkServiceCanAssume(hub: ServiceHub, roleArn: string, servicePrincipal: string, sourceArn?: string): AssumeRoleCheck {
  const role = roleForArn(hub, roleArn);
  if (!role) return "no-such-role";
  if (trusts(role.effectiveTrustPolicy, role, servicePrincipal, sourceArn)) return "ok";
  // The latest trust policy would admit the service once it has propagated.
  if (role.trustPolicyPropagating && trusts(role.trustPolicy.document, role, servicePrincipal, sourceArn)) return "propagating";
  return "not-trusted";
}

function trusts(trustPolicy: PolicyDocument | undefined, role: Role, service: string, sourceArn: string | undefined): boolean {
  if (!trustPolicy) return false;
  // The assuming service acts for a resource in the role's own account; without
  // its ARN, aws:SourceArn conditions cannot be met.
  const principal = servicePrincipalFor(service, role.accountId, sourceArn ?? "");
  const decision = evaluatePolicy(
    trustPolicy,
    {
      action: "sts:AssumeRole",
      resource: role.arn,
      principal,
      context: {
        "aws:SourceAccount": role.accountId,
        "aws:PrincipalServiceName": service,
        ...(sourceArn !== undefined ? { "aws:SourceArn": sourceArn } : {}),
      },
    },
    { checkPrincipal: true },
  );
  return decision === "allow";
}

/** A role session principal for the role, for issuing temporary credentials. */
export function roleSession(hub: ServiceHub, roleArn: string, sessionName: string): RoleSessionPrincipal | undefined {
  const role = roleForArn(hub, roleArn);
  if (!role) return undefined;
  return roleSessionPrincipal(role.accountId, role.roleName, role.roleId, sessionName, role.path);
}

/** The role session's identity policies as authorisation sees them now (IamService.identityPolicies). */
export function sessionIdentityPolicies(hub: ServiceHub, session: RoleSessionPrincipal): PolicyDocument[] {
  return sessionRole(hub, session)?.effectivePermissions.identity ?? [];
}

/** The role session's permissions boundary as authorisation sees it now (IamService.permissionsBoundary). */
export function sessionPermissionsBoundary(hub: ServiceHub, session: RoleSessionPrincipal): PolicyDocument | undefined {
  return sessionRole(hub, session)?.effectivePermissions.boundary;
}

/**
 * A role deleted and re-created under the same name is a different role: old
 * sessions carry the old role id and get none of the new one's rights.
 */
function sessionRole(hub: ServiceHub, session: RoleSessionPrincipal): Role | undefined {
  const role = roleForArn(hub, session.roleArn);
  return role && role.roleId === session.roleId ? role : undefined;
}
