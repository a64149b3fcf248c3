import type { TagResourceCommandInput, TagResourceCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { taggedGroup } from "../tag-target.js";
import { validateTags } from "../validation.js";

export const tagResource = defineOperation<TagResourceCommandInput, TagResourceCommandOutput>({
  access: (input) => ({ action: "logs:TagResource", resource: input.resourceArn ?? "" }),
  handle: (input, ctx) => {
    const tags = validateTags(input.tags);
    taggedGroup(input.resourceArn, ctx).tag(tags);
    return {};
  },
});
