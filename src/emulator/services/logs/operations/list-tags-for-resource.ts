import type { ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { taggedGroup } from "../tag-target.js";

export const listTagsForResource = defineOperation<ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput>({
  access: (input) => ({ action: "logs:ListTagsForResource", resource: input.resourceArn ?? "" }),
  handle: (input, ctx) => ({ tags: Object.fromEntries(taggedGroup(input.resourceArn, ctx).tags) }),
});
