import * as schemas from "@aws-sdk/client-iam";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { attachRolePolicy } from "./operations/attach-role-policy.js";
import { createPolicy } from "./operations/create-policy.js";
import { createRole } from "./operations/create-role.js";
import { deletePolicy } from "./operations/delete-policy.js";
import { deleteRolePolicy } from "./operations/delete-role-policy.js";
import { deleteRolePermissionsBoundary } from "./operations/delete-role-permissions-boundary.js";
import { deleteRole } from "./operations/delete-role.js";
import { detachRolePolicy } from "./operations/detach-role-policy.js";
import { getPolicyVersion } from "./operations/get-policy-version.js";
import { getPolicy } from "./operations/get-policy.js";
import { getRolePolicy } from "./operations/get-role-policy.js";
import { getRole } from "./operations/get-role.js";
import { listAttachedRolePolicies } from "./operations/list-attached-role-policies.js";
import { listRolePolicies } from "./operations/list-role-policies.js";
import { listRoleTags } from "./operations/list-role-tags.js";
import { listRoles } from "./operations/list-roles.js";
import { putRolePermissionsBoundary } from "./operations/put-role-permissions-boundary.js";
import { putRolePolicy } from "./operations/put-role-policy.js";
import { tagRole } from "./operations/tag-role.js";
import { untagRole } from "./operations/untag-role.js";
import { updateAssumeRolePolicy } from "./operations/update-assume-role-policy.js";
import { updateRole } from "./operations/update-role.js";
import { checkServiceCanAssume, effectiveTrustPolicy, findRoleByArn, roleSession, sessionIdentityPolicies, sessionPermissionsBoundary } from "./role-lookup.js";

export const iam: ServiceDefinition = {
  signingName: "iam",
  displayName: "IAM",
  protocol: "awsQuery",
  schemas,
  xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/",
  version: "2010-05-08",
  maxBodyBytes: 1024 * 1024,
  operations: {
    CreateRole: createRole,
    GetRole: getRole,
    ListRoles: listRoles,
    UpdateRole: updateRole,
    UpdateAssumeRolePolicy: updateAssumeRolePolicy,
    DeleteRole: deleteRole,
    TagRole: tagRole,
    UntagRole: untagRole,
    ListRoleTags: listRoleTags,
    PutRolePolicy: putRolePolicy,
    GetRolePolicy: getRolePolicy,
    DeleteRolePolicy: deleteRolePolicy,
    ListRolePolicies: listRolePolicies,
    AttachRolePolicy: attachRolePolicy,
    DetachRolePolicy: detachRolePolicy,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    PutRolePermissionsBoundary: putRolePermissionsBoundary,
    DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
    CreatePolicy: createPolicy,
    GetPolicy: getPolicy,
    GetPolicyVersion: getPolicyVersion,
    DeletePolicy: deletePolicy,
  },
  accessDenied: (message) => new AwsError("AccessDenied", message, { status: 403 }),
  authErrors: queryAuthErrors(),
  identityPolicies: (principal, hub) => sessionIdentityPolicies(hub, principal),
  permissionsBoundary: (principal, hub) => sessionPermissionsBoundary(hub, principal),
  roles: { findRoleByArn, effectiveTrustPolicy, checkServiceCanAssume, roleSession },
};
