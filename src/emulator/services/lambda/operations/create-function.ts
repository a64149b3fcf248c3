import type { CreateFunctionCommandInput, CreateFunctionCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation, roleDirectory } from "../../service.js";
import { functionArn, parseFunctionReference, requestedFunctionArn } from "../arns.js";
import { resourceConflict, roleCannotBeAssumed } from "../errors.js";
import { FunctionCode } from "../function-code.js";
import { settingsForCreate } from "../function-settings.js";
import { LambdaFunction } from "../lambda-function.js";
import { lambdaBackend } from "../store.js";

/** 201 with State Pending; Active after the profile's functionPendingMs (at once in the fast profile). */
export const createFunction = defineOperation<CreateFunctionCommandInput, CreateFunctionCommandOutput>({
  access: (input, ctx) => [
    { action: "lambda:CreateFunction", resource: requestedFunctionArn(input.FunctionName, ctx) },
    // Handing a role to Lambda needs iam:PassRole on it.
    ...(input.Role ? [{ action: "iam:PassRole", resource: input.Role }] : []),
  ],
  handle: async (input, ctx) => {
    const reference = parseFunctionReference(input.FunctionName, ctx);
    const settings = settingsForCreate(reference.name, input);
    const code = await FunctionCode.fromUpload(input.Code ?? {}, "CreateFunction");
    const backend = lambdaBackend(ctx.hub);
    const region = backend.region(reference.accountId, reference.region);
    if (region.functions.has(reference.name)) throw resourceConflict(`Function already exist: ${reference.name}`);
    // Missing, untrusting and not-yet-propagated roles all get the same answer from Lambda.
    if (roleDirectory(ctx.hub).checkServiceCanAssume(ctx.hub, settings.role, "lambda.amazonaws.com", functionArn(reference.region, reference.accountId, reference.name)) !== "ok") throw roleCannotBeAssumed();

    const fn = new LambdaFunction(
      {
        name: reference.name,
        accountId: reference.accountId,
        region: reference.region,
        settings,
        code,
        tags: input.Tags ?? {},
        revisionId: ctx.hub.random.uuid(),
      },
      ctx.hub.clock,
      backend.host,
    );
    region.addFunction(fn);
    const created = fn.configuration();
    fn.scheduleActivation(ctx.hub.settings.delays.functionPendingMs);
    return created;
  },
});
