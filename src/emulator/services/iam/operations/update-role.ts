import type { UpdateRoleCommandInput, UpdateRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateDescription, validateMaxSessionDuration, validateName } from "../validation.js";

export const updateRole = defineOperation<UpdateRoleCommandInput, UpdateRoleCommandOutput>({
  access: (input, ctx) => ({ action: "iam:UpdateRole", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    const description = validateDescription(input.Description);
    const maxSessionDuration = validateMaxSessionDuration(input.MaxSessionDuration);
    if (description !== undefined) role.description = description;
    if (maxSessionDuration !== undefined) role.maxSessionDuration = maxSessionDuration;
    return {};
  },
});
