import type { AddPermissionCommandInput, AddPermissionCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { qualifiedName, requestedFunctionArn } from "../arns.js";
import { revisionMismatch } from "../errors.js";
import { findFunction } from "../store.js";

/** Adds a statement to the function's resource policy (201 with the statement as JSON). */
export const addPermission = defineOperation<AddPermissionCommandInput, AddPermissionCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:AddPermission", resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier) }),
  handle: (input, ctx) => {
    const fn = findFunction(ctx, qualifiedName(input.FunctionName, input.Qualifier));
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw revisionMismatch();
    const statement = fn.policy.add(input, fn.arn);
    fn.touch(ctx.hub.random.uuid());
    return { Statement: statement };
  },
});
