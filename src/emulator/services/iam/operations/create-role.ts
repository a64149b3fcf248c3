import type { CreateRoleCommandInput, CreateRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation, type AccessCheck } from "../../service.js";
import { accountOf, roleShape } from "../responses.js";
import { trustPolicyFrom } from "../trust-policy.js";
import {
  validateDescription,
  validateMaxSessionDuration,
  validateName,
  validatePath,
  validatePolicyArn,
  validateTags,
} from "../validation.js";

/** The permissions boundary is stored, answered, and caps the role's permissions (IAM "Permissions boundaries"). */
export const createRole = defineOperation<CreateRoleCommandInput, CreateRoleCommandOutput>({
  access: (input, ctx) => {
    const path = input.Path ?? "/";
    const checks: AccessCheck[] = [{ action: "iam:CreateRole", resource: `arn:aws:iam::${ctx.accountId}:role${path}${input.RoleName ?? ""}` }];
    // Tagging at creation also needs iam:TagRole (IAM tagging guide).
    if (input.Tags?.length) checks.push({ action: "iam:TagRole", resource: checks[0]!.resource });
    // A boundary at creation is checked as iam:PutRolePermissionsBoundary, with its ARN as iam:PermissionsBoundary.
    if (input.PermissionsBoundary !== undefined) {
      checks.push({
        action: "iam:PutRolePermissionsBoundary",
        resource: checks[0]!.resource,
        context: { "iam:PermissionsBoundary": input.PermissionsBoundary },
      });
    }
    return checks;
  },
  handle: (input, ctx) => {
    const roleName = validateName("roleName", input.RoleName, 64);
    const path = validatePath("path", input.Path);
    const description = validateDescription(input.Description);
    const maxSessionDuration = validateMaxSessionDuration(input.MaxSessionDuration);
    const tags = validateTags(input.Tags);
    const trust = trustPolicyFrom(input.AssumeRolePolicyDocument);
    const account = accountOf(ctx);
    const boundary =
      input.PermissionsBoundary !== undefined
        ? account.boundaryPolicy(validatePolicyArn(input.PermissionsBoundary, "permissionsBoundary"))
        : undefined;
    const role = account.createRole(roleName, path, trust, { description, maxSessionDuration, tags });
    if (boundary) role.setPermissionsBoundary(boundary);
    return { Role: roleShape(role, "create") };
  },
});
