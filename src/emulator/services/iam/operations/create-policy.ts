import type { CreatePolicyCommandInput, CreatePolicyCommandOutput } from "@aws-sdk/client-iam";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { parseIamPolicy } from "../errors.js";
import { accountOf, policyShape } from "../responses.js";
import { policySize, required, validateDescription, validateName, validatePath, validateTags } from "../validation.js";

/** Default quota for a customer managed policy document (IAM quotas). */
const MANAGED_POLICY_QUOTA = 6144;

export const createPolicy = defineOperation<CreatePolicyCommandInput, CreatePolicyCommandOutput>({
  access: (input, ctx) => ({
    action: "iam:CreatePolicy",
    resource: `arn:aws:iam::${ctx.accountId}:policy${input.Path ?? "/"}${input.PolicyName ?? ""}`,
  }),
  handle: (input, ctx) => {
    const policyName = validateName("policyName", input.PolicyName, 128);
    const path = validatePath("path", input.Path);
    const description = validateDescription(input.Description);
    const tags = validateTags(input.Tags);
    const text = required("policyDocument", input.PolicyDocument);
    const document = parseIamPolicy(text, "identity");
    if (policySize(text) > MANAGED_POLICY_QUOTA) {
      throw new AwsError("LimitExceededException", `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_QUOTA}`);
    }
    const account = accountOf(ctx);
    const policy = account.createPolicy(policyName, path, { text, document }, { description, tags });
    return { Policy: policyShape(policy, account) };
  },
});
