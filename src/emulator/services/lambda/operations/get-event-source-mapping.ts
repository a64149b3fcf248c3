import type { GetEventSourceMappingCommandInput, GetEventSourceMappingCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { eventSourceMappingArn } from "../arns.js";
import { findMapping } from "../store.js";

export const getEventSourceMapping = defineOperation<GetEventSourceMappingCommandInput, GetEventSourceMappingCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:GetEventSourceMapping", resource: eventSourceMappingArn(ctx.region, ctx.accountId, input.UUID ?? "") }),
  handle: (input, ctx) => findMapping(ctx, input.UUID).configuration(),
});
