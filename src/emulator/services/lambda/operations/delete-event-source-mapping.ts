import type { DeleteEventSourceMappingCommandInput, DeleteEventSourceMappingCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { eventSourceMappingArn } from "../arns.js";
import { findMapping } from "../store.js";

/** 202 with State Deleting; delivery stops at once, the mapping is gone after mappingTransitionMs. */
export const deleteEventSourceMapping = defineOperation<DeleteEventSourceMappingCommandInput, DeleteEventSourceMappingCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:DeleteEventSourceMapping", resource: eventSourceMappingArn(ctx.region, ctx.accountId, input.UUID ?? "") }),
  handle: (input, ctx) => {
    return findMapping(ctx, input.UUID).delete();
  },
});
