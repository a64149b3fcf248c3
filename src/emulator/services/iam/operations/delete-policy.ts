import type { DeletePolicyCommandInput, DeletePolicyCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf } from "../responses.js";
import { validatePolicyArn } from "../validation.js";

/** Refused with DeleteConflict while any role still has the policy attached. */
export const deletePolicy = defineOperation<DeletePolicyCommandInput, DeletePolicyCommandOutput>({
  access: (input) => ({ action: "iam:DeletePolicy", resource: input.PolicyArn ?? "" }),
  handle: (input, ctx) => {
    accountOf(ctx).deletePolicy(validatePolicyArn(input.PolicyArn));
    return {};
  },
});
