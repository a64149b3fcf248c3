import type { PutRetentionPolicyCommandInput, PutRetentionPolicyCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName, validateRetention } from "../validation.js";

/** Events older than the period (by their timestamp) expire from then on. */
export const putRetentionPolicy = defineOperation<PutRetentionPolicyCommandInput, PutRetentionPolicyCommandOutput>({
  access: (input, ctx) => ({ action: "logs:PutRetentionPolicy", resource: groupActionResource(ctx, input.logGroupName ?? "") }),
  handle: (input, ctx) => {
    const name = validateGroupName(input.logGroupName);
    const days = validateRetention(input.retentionInDays);
    const group = regionOf(ctx).group(name);
    group.retentionInDays = days;
    group.applyRetention();
    return {};
  },
});
