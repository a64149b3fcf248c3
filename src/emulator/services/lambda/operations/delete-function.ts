import type { DeleteFunctionCommandInput, DeleteFunctionCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { parseFunctionReference, qualifiedName, requestedFunctionArn } from "../arns.js";
import { invalidParameter } from "../errors.js";
import { lambdaBackend } from "../store.js";

/**
 * Removes the function and stops its environments. As on AWS, its event
 * source mappings and its log group stay until deleted on their own.
 */
export const deleteFunction = defineOperation<DeleteFunctionCommandInput, DeleteFunctionCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:DeleteFunction", resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier) }),
  handle: async (input, ctx) => {
    const reference = parseFunctionReference(qualifiedName(input.FunctionName, input.Qualifier), ctx);
    if (reference.qualifier === "$LATEST") throw invalidParameter("$LATEST version cannot be deleted without deleting the function.");
    const region = lambdaBackend(ctx.hub).region(reference.accountId, reference.region);
    const fn = region.getFunction(reference);
    region.functions.delete(fn.name);
    await fn.stop();
    lambdaBackend(ctx.hub).roleSessions.forget(fn.arn);
    return { StatusCode: 204 };
  },
});
