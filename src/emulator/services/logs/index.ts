import * as schemas from "@aws-sdk/client-cloudwatch-logs";
import { AwsError } from "../../errors.js";
import { jsonAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { createLogGroup } from "./operations/create-log-group.js";
import { createLogStream } from "./operations/create-log-stream.js";
import { deleteLogGroup } from "./operations/delete-log-group.js";
import { deleteLogStream } from "./operations/delete-log-stream.js";
import { deleteRetentionPolicy } from "./operations/delete-retention-policy.js";
import { describeLogGroups } from "./operations/describe-log-groups.js";
import { describeLogStreams } from "./operations/describe-log-streams.js";
import { filterLogEvents } from "./operations/filter-log-events.js";
import { getLogEvents } from "./operations/get-log-events.js";
import { listTagsForResource } from "./operations/list-tags-for-resource.js";
import { listTagsLogGroup } from "./operations/list-tags-log-group.js";
import { putLogEvents } from "./operations/put-log-events.js";
import { putRetentionPolicy } from "./operations/put-retention-policy.js";
import { tagLogGroup } from "./operations/tag-log-group.js";
import { tagResource } from "./operations/tag-resource.js";
import { untagLogGroup } from "./operations/untag-log-group.js";
import { untagResource } from "./operations/untag-resource.js";

export const logs: ServiceDefinition = {
  signingName: "logs",
  displayName: "CloudWatch Logs",
  protocol: "awsJson1_1",
  schemas,
  targetPrefix: "Logs_20140328",
  maxBodyBytes: 2 * 1024 * 1024,
  operations: {
    CreateLogGroup: createLogGroup,
    DescribeLogGroups: describeLogGroups,
    DeleteLogGroup: deleteLogGroup,
    PutRetentionPolicy: putRetentionPolicy,
    DeleteRetentionPolicy: deleteRetentionPolicy,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
    TagLogGroup: tagLogGroup,
    UntagLogGroup: untagLogGroup,
    ListTagsLogGroup: listTagsLogGroup,
    CreateLogStream: createLogStream,
    DescribeLogStreams: describeLogStreams,
    DeleteLogStream: deleteLogStream,
    PutLogEvents: putLogEvents,
    GetLogEvents: getLogEvents,
    FilterLogEvents: filterLogEvents,
  },
  accessDenied: (message) => new AwsError("AccessDeniedException", message, { status: 400 }),
  authErrors: jsonAuthErrors(400),
};
