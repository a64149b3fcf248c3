import type { AttachRolePolicyCommandInput, AttachRolePolicyCommandOutput } from "@aws-sdk/client-iam";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName, validatePolicyArn } from "../validation.js";

/** Default quota of managed policies per role (IAM quotas). */
const ATTACHED_POLICIES_QUOTA = 10;

/** Idempotent; the new permissions reach authorisation after IAM's propagation delay. */
export const attachRolePolicy = defineOperation<AttachRolePolicyCommandInput, AttachRolePolicyCommandOutput>({
  access: (input, ctx) => ({
    action: "iam:AttachRolePolicy",
    resource: roleArnFor(ctx, input.RoleName),
    context: { "iam:PolicyARN": input.PolicyArn },
  }),
  handle: (input, ctx) => {
    const account = accountOf(ctx);
    const role = account.role(validateName("roleName", input.RoleName, 64));
    const policy = account.managedPolicy(validatePolicyArn(input.PolicyArn));
    if (!role.attachedPolicies.has(policy.arn) && role.attachedPolicies.size >= ATTACHED_POLICIES_QUOTA) {
      throw new AwsError("LimitExceededException", `Cannot exceed quota for PoliciesPerRole: ${ATTACHED_POLICIES_QUOTA}`);
    }
    role.attach(policy);
    return {};
  },
});
