import type { ListEventSourceMappingsCommandInput, ListEventSourceMappingsCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { functionArn, parseFunctionReference } from "../arns.js";
import { invalidParameter, validationError } from "../errors.js";
import { lambdaRegionFor } from "../store.js";

const DEFAULT_MAX_ITEMS = 100;

/** Mappings in creation order, filtered by event source and/or function, paged with an opaque Marker. */
export const listEventSourceMappings = defineOperation<ListEventSourceMappingsCommandInput, ListEventSourceMappingsCommandOutput>({
  access: () => ({ action: "lambda:ListEventSourceMappings", resource: "*" }),
  handle: (input, ctx) => {
    const maxItems = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    if (maxItems < 1 || maxItems > 10000) {
      throw validationError("maxItems", maxItems, maxItems < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000");
    }
    let wantedFunction: string | undefined;
    if (input.FunctionName !== undefined) {
      const reference = parseFunctionReference(input.FunctionName, ctx);
      wantedFunction = functionArn(reference.region, reference.accountId, reference.name);
    }
    const mappings = [...lambdaRegionFor(ctx).mappings.values()].filter(
      (mapping) =>
        (input.EventSourceArn === undefined || mapping.eventSourceArn === input.EventSourceArn) &&
        (wantedFunction === undefined || mapping.settings.functionArn === wantedFunction),
    );
    let start = 0;
    if (input.Marker !== undefined) {
      const after = Buffer.from(input.Marker, "base64url").toString("utf8");
      start = mappings.findIndex((mapping) => mapping.uuid === after) + 1;
      if (start === 0) throw invalidParameter("Invalid marker: the value is not one ListEventSourceMappings returned.");
    }
    const page = mappings.slice(start, start + maxItems);
    const more = start + page.length < mappings.length;
    return {
      EventSourceMappings: page.map((mapping) => mapping.configuration()),
      ...(more ? { NextMarker: Buffer.from(page[page.length - 1]!.uuid).toString("base64url") } : {}),
    };
  },
});
