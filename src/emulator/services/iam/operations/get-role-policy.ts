import type { GetRolePolicyCommandInput, GetRolePolicyCommandOutput } from "@aws-sdk/client-iam";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { accountOf, encodePolicyDocument, roleArnFor } from "../responses.js";
import { validateName } from "../validation.js";

export const getRolePolicy = defineOperation<GetRolePolicyCommandInput, GetRolePolicyCommandOutput>({
  access: (input, ctx) => ({ action: "iam:GetRolePolicy", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    const policyName = validateName("policyName", input.PolicyName, 128);
    const policy = role.inlinePolicies.get(policyName);
    if (!policy) {
      throw new AwsError("NoSuchEntityException", `The role policy with name ${policyName} cannot be found.`);
    }
    return { RoleName: role.roleName, PolicyName: policyName, PolicyDocument: encodePolicyDocument(policy.text) };
  },
});
