import type { UntagLogGroupCommandInput, UntagLogGroupCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName } from "../validation.js";

/** The deprecated predecessor of UntagResource. */
export const untagLogGroup = defineOperation<UntagLogGroupCommandInput, UntagLogGroupCommandOutput>({
  access: (input, ctx) => ({ action: "logs:UntagLogGroup", resource: groupActionResource(ctx, input.logGroupName ?? "") }),
  handle: (input, ctx) => {
    regionOf(ctx).group(validateGroupName(input.logGroupName)).untag(input.tags ?? []);
    return {};
  },
});
