import type { GetFunctionConfigurationCommandInput, GetFunctionConfigurationCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { qualifiedName, requestedFunctionArn } from "../arns.js";
import { findFunction } from "../store.js";

export const getFunctionConfiguration = defineOperation<GetFunctionConfigurationCommandInput, GetFunctionConfigurationCommandOutput>({
  access: (input, ctx) => ({
    action: "lambda:GetFunctionConfiguration",
    resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier),
  }),
  handle: (input, ctx) => findFunction(ctx, qualifiedName(input.FunctionName, input.Qualifier)).configuration(),
});
