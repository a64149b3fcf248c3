import type { GetPolicyCommandInput, GetPolicyCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, policyShape } from "../responses.js";
import { validatePolicyArn } from "../validation.js";

export const getPolicy = defineOperation<GetPolicyCommandInput, GetPolicyCommandOutput>({
  access: (input) => ({ action: "iam:GetPolicy", resource: input.PolicyArn ?? "" }),
  handle: (input, ctx) => {
    const account = accountOf(ctx);
    return { Policy: policyShape(account.managedPolicy(validatePolicyArn(input.PolicyArn)), account) };
  },
});
