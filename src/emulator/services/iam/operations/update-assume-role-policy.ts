import type { UpdateAssumeRolePolicyCommandInput, UpdateAssumeRolePolicyCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { trustPolicyFrom } from "../trust-policy.js";
import { validateName } from "../validation.js";

/** The new trust policy reaches STS and Lambda only after IAM's propagation delay. */
export const updateAssumeRolePolicy = defineOperation<UpdateAssumeRolePolicyCommandInput, UpdateAssumeRolePolicyCommandOutput>({
  access: (input, ctx) => ({ action: "iam:UpdateAssumeRolePolicy", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    role.updateTrustPolicy(trustPolicyFrom(input.PolicyDocument));
    return {};
  },
});
