import type { UpdateFunctionCodeCommandInput, UpdateFunctionCodeCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { requestedFunctionArn } from "../arns.js";
import { invalidParameter, revisionMismatch } from "../errors.js";
import { FunctionCode } from "../function-code.js";
import { findFunction } from "../store.js";

/** New code for $LATEST: LastUpdateStatus InProgress, then Successful; warm environments are replaced. */
export const updateFunctionCode = defineOperation<UpdateFunctionCodeCommandInput, UpdateFunctionCodeCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:UpdateFunctionCode", resource: requestedFunctionArn(input.FunctionName, ctx) }),
  handle: async (input, ctx) => {
    const fn = findFunction(ctx, input.FunctionName);
    const code = await FunctionCode.fromUpload(input, "UpdateFunctionCode");
    if (input.Architectures !== undefined && (input.Architectures.length !== 1 || input.Architectures[0] !== fn.settings.architecture)) {
      throw invalidParameter("The eda emulator runs every function on this machine's architecture: Architectures cannot change.");
    }
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) throw revisionMismatch();
    fn.assertUpdatable();
    if (input.DryRun) return fn.configuration();
    fn.update({ code }, ctx.hub.settings.delays.functionUpdateMs, ctx.hub.random.uuid());
    // The answer shows the update as started, even when the profile completes it at once.
    return { ...fn.configuration(), LastUpdateStatus: "InProgress" };
  },
});
