import type { ListTagsCommandInput, ListTagsCommandOutput } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../service.js";
import { taggableResource } from "../tagging.js";

export const listTags = defineOperation<ListTagsCommandInput, ListTagsCommandOutput>({
  access: (input) => ({ action: "lambda:ListTags", resource: input.Resource ?? "" }),
  handle: (input, ctx) => ({ Tags: { ...taggableResource(ctx, input.Resource).tags } }),
});
