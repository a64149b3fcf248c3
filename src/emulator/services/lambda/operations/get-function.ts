import type { GetFunctionCommandInput, GetFunctionCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { qualifiedName, requestedFunctionArn } from "../arns.js";
import { codeLocation } from "../code-location.js";
import { findFunction } from "../store.js";

export const getFunction = defineOperation<GetFunctionCommandInput, GetFunctionCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:GetFunction", resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier) }),
  handle: (input, ctx) => {
    const fn = findFunction(ctx, qualifiedName(input.FunctionName, input.Qualifier));
    return {
      Configuration: fn.configuration(),
      // Where the deployment package can be downloaded (a presigned S3 URL on AWS).
      Code: { RepositoryType: "S3", Location: codeLocation(ctx.hub.endpoint, fn) },
      ...(Object.keys(fn.tags).length > 0 ? { Tags: { ...fn.tags } } : {}),
    };
  },
});
