/**
 * The shapes IAM answers with. Policy documents come back URL-encoded, as
 * AWS sends them (SDK v3 callers decode with decodeURIComponent).
 */
import type { AttachedPermissionsBoundary, Policy, Role as RoleShape } from "@aws-sdk/client-iam";
import type { OperationContext } from "../service.js";
import type { ManagedPolicy } from "./managed-policy.js";
import { iamAccount, type IamAccount, type Role } from "./store.js";

export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text);
}

/**
 * GetRole shows everything; CreateRole leaves out MaxSessionDuration and
 * RoleLastUsed; ListRoles leaves out tags, the permissions boundary and
 * RoleLastUsed (IAM API reference; localstack tests/aws/services/iam/test_iam.snapshot.json
 * "test_create_describe_role", "test_list_roles_with_permission_boundary").
 */
export function roleShape(role: Role, view: "get" | "create" | "list"): RoleShape {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.trustPolicy.text),
    Description: role.description,
    MaxSessionDuration: view === "create" ? undefined : role.maxSessionDuration,
    PermissionsBoundary:
      view !== "list" && role.permissionsBoundary ? attachedBoundary(role.permissionsBoundary.arn) : undefined,
    Tags: view !== "list" && role.tags.length > 0 ? role.tags.map((t) => ({ ...t })) : undefined,
    RoleLastUsed: view === "get" ? {} : undefined,
  };
}

/**
 * AWS answers the type "Policy", not the model enum's "PermissionsBoundaryPolicy"
 * (localstack tests/aws/services/iam/test_iam.py "test_create_user_with_permission_boundary",
 * validated on AWS).
 */
function attachedBoundary(policyArn: string): AttachedPermissionsBoundary {
  return { PermissionsBoundaryType: "Policy" as AttachedPermissionsBoundary["PermissionsBoundaryType"], PermissionsBoundaryArn: policyArn };
}

export function policyShape(policy: ManagedPolicy, account: IamAccount): Policy {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: account.attachmentCount(policy.arn),
    PermissionsBoundaryUsageCount: account.boundaryUsageCount(policy.arn),
    IsAttachable: true,
    Description: policy.description,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: policy.tags.length > 0 ? policy.tags.map((t) => ({ ...t })) : undefined,
  };
}

/** The calling account's IAM state. */
export function accountOf(ctx: OperationContext): IamAccount {
  return iamAccount(ctx.hub, ctx.accountId);
}

/** The ARN IAM authorises role actions on; a role that does not exist yet is assumed to live at `/`. */
export function roleArnFor(ctx: OperationContext, roleName: string | undefined, path?: string): string {
  const name = roleName ?? "";
  const role = name ? accountOf(ctx).findRole(name) : undefined;
  return role?.arn ?? `arn:aws:iam::${ctx.accountId}:role${path ?? "/"}${name}`;
}
