import type { ListFunctionsCommandInput, ListFunctionsCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { invalidParameter, validationError } from "../errors.js";
import { lambdaRegionFor } from "../store.js";

const DEFAULT_MAX_ITEMS = 50;

/** Functions in name order, paged with an opaque Marker. */
export const listFunctions = defineOperation<ListFunctionsCommandInput, ListFunctionsCommandOutput>({
  access: () => ({ action: "lambda:ListFunctions", resource: "*" }),
  handle: (input, ctx) => {
    const maxItems = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    if (maxItems < 1 || maxItems > 10000) {
      throw validationError("maxItems", maxItems, maxItems < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000");
    }
    const after = input.Marker === undefined ? undefined : decodeMarker(input.Marker);
    const functions = [...lambdaRegionFor(ctx).functions.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .filter((fn) => after === undefined || fn.name > after);
    const page = functions.slice(0, maxItems);
    const more = functions.length > page.length;
    return {
      Functions: page.map((fn) => fn.configuration()),
      ...(more ? { NextMarker: Buffer.from(page[page.length - 1]!.name).toString("base64url") } : {}),
    };
  },
});

function decodeMarker(marker: string): string {
  const name = Buffer.from(marker, "base64url").toString("utf8");
  if (!/^[a-zA-Z0-9_-]+$/.test(name)) throw invalidParameter("Invalid marker: the value is not one ListFunctions returned.");
  return name;
}
