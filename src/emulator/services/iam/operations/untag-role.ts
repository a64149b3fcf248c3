import type { UntagRoleCommandInput, UntagRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName } from "../validation.js";

/** Removing a key the role does not carry is not an error. */
export const untagRole = defineOperation<UntagRoleCommandInput, UntagRoleCommandOutput>({
  access: (input, ctx) => ({ action: "iam:UntagRole", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    role.untag(input.TagKeys ?? []);
    return {};
  },
});
