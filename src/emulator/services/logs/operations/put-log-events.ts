import type { PutLogEventsCommandInput, PutLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../service.js";
import { logStreamArn } from "../arns.js";
import { constraintViolation } from "../errors.js";
import { regionOf } from "../responses.js";
import { validateGroupName, validateStreamName } from "../validation.js";

/** Sequence tokens are accepted and ignored, as AWS has done since January 2023. */
export const putLogEvents = defineOperation<PutLogEventsCommandInput, PutLogEventsCommandOutput>({
  access: (input, ctx) => ({
    action: "logs:PutLogEvents",
    resource: logStreamArn(ctx, input.logGroupName ?? "", input.logStreamName ?? ""),
  }),
  handle: (input, ctx) => {
    const group = regionOf(ctx).group(validateGroupName(input.logGroupName));
    const streamName = validateStreamName(input.logStreamName);
    const events = (input.logEvents ?? []).map((event, index) => {
      if (event.timestamp === undefined) {
        throw constraintViolation(`logEvents.${index + 1}.member.timestamp`, "null", "Member must not be null");
      }
      if (event.message === undefined) {
        throw constraintViolation(`logEvents.${index + 1}.member.message`, "null", "Member must not be null");
      }
      return { timestamp: event.timestamp, message: event.message };
    });
    const result = group.putEvents(streamName, events);
    return { nextSequenceToken: result.nextSequenceToken, rejectedLogEventsInfo: result.rejected };
  },
});
