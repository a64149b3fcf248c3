import type { CreateRoleCommandInput, CreateRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleShape } from "../responses.js";
import { trustPolicyFrom } from "../trust-policy.js";
import {
  validateDescription,
  validateMaxSessionDuration,
  validateName,
  validatePath,
  validateTags,
} from "../validation.js";

export const createRole = defineOperation<CreateRoleCommandInput, CreateRoleCommandOutput>({
  access: (input, ctx) => {
    const path = input.Path ?? "/";
    const checks = [{ action: "iam:CreateRole", resource: `arn:aws:iam::${ctx.accountId}:role${path}${input.RoleName ?? ""}` }];
    // Tagging at creation also needs iam:TagRole (IAM tagging guide).
    if (input.Tags?.length) checks.push({ action: "iam:TagRole", resource: checks[0]!.resource });
    return checks;
  },
  handle: (input, ctx) => {
    const roleName = validateName("roleName", input.RoleName, 64);
    const path = validatePath("path", input.Path);
    const description = validateDescription(input.Description);
    const maxSessionDuration = validateMaxSessionDuration(input.MaxSessionDuration);
    const tags = validateTags(input.Tags);
    const trust = trustPolicyFrom(input.AssumeRolePolicyDocument);
    const role = accountOf(ctx).createRole(roleName, path, trust, { description, maxSessionDuration, tags });
    return { Role: roleShape(role, "create") };
  },
});
