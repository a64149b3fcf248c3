import type { DeleteRolePolicyCommandInput, DeleteRolePolicyCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName } from "../validation.js";

export const deleteRolePolicy = defineOperation<DeleteRolePolicyCommandInput, DeleteRolePolicyCommandOutput>({
  access: (input, ctx) => ({ action: "iam:DeleteRolePolicy", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    role.deleteInlinePolicy(validateName("policyName", input.PolicyName, 128));
    return {};
  },
});
