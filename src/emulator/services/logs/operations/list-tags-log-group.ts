import type { ListTagsLogGroupCommandInput, ListTagsLogGroupCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName } from "../validation.js";

/** The deprecated predecessor of ListTagsForResource. */
export const listTagsLogGroup = defineOperation<ListTagsLogGroupCommandInput, ListTagsLogGroupCommandOutput>({
  access: (input, ctx) => ({ action: "logs:ListTagsLogGroup", resource: groupActionResource(ctx, input.logGroupName ?? "") }),
  handle: (input, ctx) => ({ tags: Object.fromEntries(regionOf(ctx).group(validateGroupName(input.logGroupName)).tags) }),
});
