import type { DeleteRetentionPolicyCommandInput, DeleteRetentionPolicyCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName } from "../validation.js";

/** Events never expire again (the default); already expired events stay gone. */
export const deleteRetentionPolicy = defineOperation<DeleteRetentionPolicyCommandInput, DeleteRetentionPolicyCommandOutput>({
  access: (input, ctx) => ({ action: "logs:DeleteRetentionPolicy", resource: groupActionResource(ctx, input.logGroupName ?? "") }),
  handle: (input, ctx) => {
    regionOf(ctx).group(validateGroupName(input.logGroupName)).retentionInDays = undefined;
    return {};
  },
});
