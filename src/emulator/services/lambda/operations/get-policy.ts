import type { GetPolicyCommandInput, GetPolicyCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { qualifiedName, requestedFunctionArn } from "../arns.js";
import { resourceNotFound } from "../errors.js";
import { findFunction } from "../store.js";

export const getPolicy = defineOperation<GetPolicyCommandInput, GetPolicyCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:GetPolicy", resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier) }),
  handle: (input, ctx) => {
    const fn = findFunction(ctx, qualifiedName(input.FunctionName, input.Qualifier));
    if (fn.policy.isEmpty) throw resourceNotFound();
    return { Policy: fn.policy.text(), RevisionId: fn.revisionId };
  },
});
