import type { RemovePermissionCommandInput, RemovePermissionCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { qualifiedName, requestedFunctionArn } from "../arns.js";
import { revisionMismatch } from "../errors.js";
import { findFunction } from "../store.js";

export const removePermission = defineOperation<RemovePermissionCommandInput, RemovePermissionCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:RemovePermission", resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier) }),
  handle: (input, ctx) => {
    const fn = findFunction(ctx, qualifiedName(input.FunctionName, input.Qualifier));
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw revisionMismatch();
    fn.policy.remove(input.StatementId ?? "");
    fn.touch(ctx.hub.random.uuid());
    return {};
  },
});
