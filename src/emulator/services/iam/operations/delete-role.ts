import type { DeleteRoleCommandInput, DeleteRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName } from "../validation.js";

export const deleteRole = defineOperation<DeleteRoleCommandInput, DeleteRoleCommandOutput>({
  access: (input, ctx) => ({ action: "iam:DeleteRole", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    accountOf(ctx).deleteRole(validateName("roleName", input.RoleName, 64));
    return {};
  },
});
