import type { TagResourceCommandInput, TagResourceCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { applyTags, taggableResource } from "../tagging.js";

export const tagResource = defineOperation<TagResourceCommandInput, TagResourceCommandOutput>({
  access: (input) => ({ action: "lambda:TagResource", resource: input.Resource ?? "" }),
  handle: (input, ctx) => {
    applyTags(taggableResource(ctx, input.Resource), input.Tags ?? {});
    return {};
  },
});
