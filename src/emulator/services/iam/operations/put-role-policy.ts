import type { PutRolePolicyCommandInput, PutRolePolicyCommandOutput } from "@aws-sdk/client-iam";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { parseIamPolicy } from "../errors.js";
import { accountOf, roleArnFor } from "../responses.js";
import { policySize, required, validateName } from "../validation.js";

/** Default quota: all inline policies of one role together (IAM quotas, "Role policy size"). */
const INLINE_POLICIES_QUOTA = 10240;

/** Creates or replaces the inline policy; the change reaches authorisation after IAM's propagation delay. */
export const putRolePolicy = defineOperation<PutRolePolicyCommandInput, PutRolePolicyCommandOutput>({
  access: (input, ctx) => ({ action: "iam:PutRolePolicy", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    const policyName = validateName("policyName", input.PolicyName, 128);
    const text = required("policyDocument", input.PolicyDocument);
    const document = parseIamPolicy(text, "identity");
    const otherPolicies = [...role.inlinePolicies].filter(([name]) => name !== policyName);
    const total = otherPolicies.reduce((sum, [, policy]) => sum + policySize(policy.text), policySize(text));
    if (total > INLINE_POLICIES_QUOTA) {
      throw new AwsError(
        "LimitExceededException",
        `Maximum policy size of ${INLINE_POLICIES_QUOTA} bytes exceeded for role ${role.roleName}`,
      );
    }
    role.putInlinePolicy(policyName, { text, document });
    return {};
  },
});
