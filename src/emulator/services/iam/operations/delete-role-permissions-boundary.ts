import type { DeleteRolePermissionsBoundaryCommandInput, DeleteRolePermissionsBoundaryCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName } from "../validation.js";

/** Removes the cap (a role without one answers success too); the role keeps its identity policies. */
export const deleteRolePermissionsBoundary = defineOperation<
  DeleteRolePermissionsBoundaryCommandInput,
  DeleteRolePermissionsBoundaryCommandOutput
>({
  access: (input, ctx) => ({ action: "iam:DeleteRolePermissionsBoundary", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    if (role.permissionsBoundary) role.setPermissionsBoundary(undefined);
    return {};
  },
});
