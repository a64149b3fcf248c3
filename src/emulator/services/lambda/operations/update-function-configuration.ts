import type { UpdateFunctionConfigurationCommandInput, UpdateFunctionConfigurationCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation, roleDirectory } from "../../service.js";
import { requestedFunctionArn } from "../arns.js";
import { revisionMismatch, roleCannotBeAssumed } from "../errors.js";
import { settingsForUpdate } from "../function-settings.js";
import { findFunction } from "../store.js";

/** New settings for $LATEST: LastUpdateStatus InProgress, then Successful; new environments use them. */
export const updateFunctionConfiguration = defineOperation<UpdateFunctionConfigurationCommandInput, UpdateFunctionConfigurationCommandOutput>({
  access: (input, ctx) => [
    { action: "lambda:UpdateFunctionConfiguration", resource: requestedFunctionArn(input.FunctionName, ctx) },
    ...(input.Role ? [{ action: "iam:PassRole", resource: input.Role }] : []),
  ],
  handle: (input, ctx) => {
    const fn = findFunction(ctx, input.FunctionName);
    const settings = settingsForUpdate(fn.name, fn.settings, input);
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw revisionMismatch();
    fn.assertUpdatable();
    if (input.Role !== undefined && roleDirectory(ctx.hub).checkServiceCanAssume(ctx.hub, settings.role, "lambda.amazonaws.com", fn.arn) !== "ok") {
      throw roleCannotBeAssumed();
    }
    fn.update({ settings }, ctx.hub.settings.delays.functionUpdateMs, ctx.hub.random.uuid());
    // The answer shows the update as started, even when the profile completes it at once.
    return { ...fn.configuration(), LastUpdateStatus: "InProgress" };
  },
});
