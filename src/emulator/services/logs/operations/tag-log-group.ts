import type { TagLogGroupCommandInput, TagLogGroupCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName, validateTags } from "../validation.js";

/** The deprecated predecessor of TagResource, still used by older tools. */
export const tagLogGroup = defineOperation<TagLogGroupCommandInput, TagLogGroupCommandOutput>({
  access: (input, ctx) => ({ action: "logs:TagLogGroup", resource: groupActionResource(ctx, input.logGroupName ?? "") }),
  handle: (input, ctx) => {
    const group = regionOf(ctx).group(validateGroupName(input.logGroupName));
    group.tag(validateTags(input.tags));
    return {};
  },
});
