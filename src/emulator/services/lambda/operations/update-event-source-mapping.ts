import type { UpdateEventSourceMappingCommandInput, UpdateEventSourceMappingCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { eventSourceMappingArn } from "../arns.js";
import { resourceInUse } from "../errors.js";
import { mappingSettings } from "../mapping-settings.js";
import { checkQueueForFunction, requireSqsSource } from "../mapping-source.js";
import { findFunction, findMapping } from "../store.js";

/** 202 with State Enabling, Disabling or Updating; refused while another transition runs. */
export const updateEventSourceMapping = defineOperation<UpdateEventSourceMappingCommandInput, UpdateEventSourceMappingCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:UpdateEventSourceMapping", resource: eventSourceMappingArn(ctx.region, ctx.accountId, input.UUID ?? "") }),
  handle: async (input, ctx) => {
    const mapping = findMapping(ctx, input.UUID);
    if (mapping.isTransitioning) throw resourceInUse("Cannot update the event source mapping because it is in use.");
    let functionArn = mapping.settings.functionArn;
    let fifo = mapping.eventSourceArn.endsWith(".fifo");
    if (input.FunctionName !== undefined) {
      // Pointing the mapping at another function checks that function's role and timeout.
      const fn = findFunction(ctx, input.FunctionName);
      const queue = await checkQueueForFunction(ctx, requireSqsSource(mapping.eventSourceArn, fn), fn);
      functionArn = fn.arn;
      fifo = queue.fifo;
    }
    return mapping.update(mappingSettings(input, functionArn, mapping.settings, fifo));
  },
});
