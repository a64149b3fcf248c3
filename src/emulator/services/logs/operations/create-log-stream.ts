import type { CreateLogStreamCommandInput, CreateLogStreamCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { logStreamArn } from "../arns.js";
import { regionOf } from "../responses.js";
import { validateGroupName, validateStreamName } from "../validation.js";

export const createLogStream = defineOperation<CreateLogStreamCommandInput, CreateLogStreamCommandOutput>({
  access: (input, ctx) => ({
    action: "logs:CreateLogStream",
    resource: logStreamArn(ctx, input.logGroupName ?? "", input.logStreamName ?? ""),
  }),
  handle: (input, ctx) => {
    const groupName = validateGroupName(input.logGroupName);
    const streamName = validateStreamName(input.logStreamName);
    regionOf(ctx).group(groupName).createStream(streamName);
    return {};
  },
});
