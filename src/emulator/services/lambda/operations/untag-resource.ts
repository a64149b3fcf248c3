import type { UntagResourceCommandInput, UntagResourceCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { taggableResource } from "../tagging.js";

export const untagResource = defineOperation<UntagResourceCommandInput, UntagResourceCommandOutput>({
  access: (input) => ({ action: "lambda:UntagResource", resource: input.Resource ?? "" }),
  handle: (input, ctx) => {
    const resource = taggableResource(ctx, input.Resource);
    const remaining = { ...resource.tags };
    for (const key of input.TagKeys ?? []) delete remaining[key];
    resource.tags = remaining;
    return {};
  },
});
