import type { CreateEventSourceMappingCommandInput, CreateEventSourceMappingCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { requestedFunctionArn } from "../arns.js";
import { resourceConflict } from "../errors.js";
import { EventSourceMapping } from "../event-source-mapping.js";
import { mappingSettings } from "../mapping-settings.js";
import { checkQueueForFunction, requireSqsSource } from "../mapping-source.js";
import { findFunction, lambdaRegionFor } from "../store.js";

/** 202 with State Creating; Enabled (polling) or Disabled after the profile's mappingTransitionMs. */
export const createEventSourceMapping = defineOperation<CreateEventSourceMappingCommandInput, CreateEventSourceMappingCommandOutput>({
  access: (input, ctx) => ({
    action: "lambda:CreateEventSourceMapping",
    resource: "*",
    context: { "lambda:FunctionArn": requestedFunctionArn(input.FunctionName, ctx) },
  }),
  handle: async (input, ctx) => {
    const fn = findFunction(ctx, input.FunctionName);
    const queueArn = requireSqsSource(input.EventSourceArn, fn);
    const region = lambdaRegionFor(ctx, fn.accountId);
    const existing = [...region.mappings.values()].find((m) => m.eventSourceArn === queueArn && m.settings.functionArn === fn.arn);
    if (existing) {
      throw resourceConflict(
        `The event source arn (" ${queueArn} ") and function (" ${fn.name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing.uuid}`,
      );
    }
    const queue = await checkQueueForFunction(ctx, queueArn, fn);
    const settings = mappingSettings(input, fn.arn, undefined, queue.fifo);
    const mapping = new EventSourceMapping(ctx.hub.random.uuid(), queueArn, settings, input.Tags ?? {}, region, ctx.hub);
    region.mappings.set(mapping.uuid, mapping);
    return mapping.begin();
  },
});
