import type { DetachRolePolicyCommandInput, DetachRolePolicyCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName, validatePolicyArn } from "../validation.js";

export const detachRolePolicy = defineOperation<DetachRolePolicyCommandInput, DetachRolePolicyCommandOutput>({
  access: (input, ctx) => ({
    action: "iam:DetachRolePolicy",
    resource: roleArnFor(ctx, input.RoleName),
    context: { "iam:PolicyARN": input.PolicyArn },
  }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    role.detach(validatePolicyArn(input.PolicyArn));
    return {};
  },
});
