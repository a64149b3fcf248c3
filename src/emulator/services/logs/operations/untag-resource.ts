import type { UntagResourceCommandInput, UntagResourceCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { taggedGroup } from "../tag-target.js";

export const untagResource = defineOperation<UntagResourceCommandInput, UntagResourceCommandOutput>({
  access: (input) => ({ action: "logs:UntagResource", resource: input.resourceArn ?? "" }),
  handle: (input, ctx) => {
    taggedGroup(input.resourceArn, ctx).untag(input.tagKeys ?? []);
    return {};
  },
});
