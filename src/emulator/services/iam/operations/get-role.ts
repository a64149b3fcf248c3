import type { GetRoleCommandInput, GetRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor, roleShape } from "../responses.js";
import { validateName } from "../validation.js";

export const getRole = defineOperation<GetRoleCommandInput, GetRoleCommandOutput>({
  access: (input, ctx) => ({ action: "iam:GetRole", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    return { Role: roleShape(role, "get") };
  },
});
