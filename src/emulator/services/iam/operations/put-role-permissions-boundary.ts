import type { PutRolePermissionsBoundaryCommandInput, PutRolePermissionsBoundaryCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName, validatePolicyArn } from "../validation.js";

/** Sets or replaces the role's boundary; the cap reaches authorisation after IAM's propagation delay. */
export const putRolePermissionsBoundary = defineOperation<PutRolePermissionsBoundaryCommandInput, PutRolePermissionsBoundaryCommandOutput>({
  access: (input, ctx) => ({
    action: "iam:PutRolePermissionsBoundary",
    resource: roleArnFor(ctx, input.RoleName),
    context: { "iam:PermissionsBoundary": input.PermissionsBoundary },
  }),
  handle: (input, ctx) => {
    const account = accountOf(ctx);
    const role = account.role(validateName("roleName", input.RoleName, 64));
    role.setPermissionsBoundary(account.boundaryPolicy(validatePolicyArn(input.PermissionsBoundary, "permissionsBoundary")));
    return {};
  },
});
