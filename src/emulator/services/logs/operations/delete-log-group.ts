import type { DeleteLogGroupCommandInput, DeleteLogGroupCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { groupActionResource } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName } from "../validation.js";

/** Deletes the group with all its streams and events. */
export const deleteLogGroup = defineOperation<DeleteLogGroupCommandInput, DeleteLogGroupCommandOutput>({
  access: (input, ctx) => ({ action: "logs:DeleteLogGroup", resource: groupActionResource(ctx, input.logGroupName ?? "") }),
  handle: (input, ctx) => {
    regionOf(ctx).deleteGroup(validateGroupName(input.logGroupName));
    return {};
  },
});
