import type { DeleteLogStreamCommandInput, DeleteLogStreamCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { logStreamArn } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName, validateStreamName } from "../validation.js";

export const deleteLogStream = defineOperation<DeleteLogStreamCommandInput, DeleteLogStreamCommandOutput>({
  access: (input, ctx) => ({
    action: "logs:DeleteLogStream",
    resource: logStreamArn(ctx, input.logGroupName ?? "", input.logStreamName ?? ""),
  }),
  handle: (input, ctx) => {
    const groupName = validateGroupName(input.logGroupName);
    regionOf(ctx).group(groupName).deleteStream(validateStreamName(input.logStreamName));
    return {};
  },
});
