/**
 * CloudWatch Logs answers compared with recorded AWS answers (localstack
 * tests/aws/services/logs/test_logs_{groups,streams,events,filter_events}.snapshot.json).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { rejectsAsRecorded } from "../helpers/recorded.js";

describe("CloudWatch Logs conformance with recorded AWS answers", () => {
  let emulator: RunningEmulator;
  let logs: CloudWatchLogsClient;
  before(async () => {
    emulator = await startTestEmulator();
    logs = new CloudWatchLogsClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  const groupArn = (name: string) => `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${name}`;

  // test_logs_groups "test_create_log_group_duplicate_error", "test_create_log_group_invalid_name_length"
  it("CreateLogGroup refuses a duplicate and a name over 512 characters as recorded", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/conformance/dup" }));
    await rejectsAsRecorded(logs.send(new CreateLogGroupCommand({ logGroupName: "/conformance/dup" })), {
      code: "ResourceAlreadyExistsException",
      status: 400,
      message: "The specified log group already exists",
    });
    await rejectsAsRecorded(logs.send(new CreateLogGroupCommand({ logGroupName: "a".repeat(513) })), {
      code: "InvalidParameterException",
      status: 400,
      message: "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    });
  });

  // "test_describe_log_groups_with_prefix", "test_describe_log_groups_prefix_and_pattern_error"
  it("DescribeLogGroups answers the recorded members, and refuses a prefix with a pattern", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "described-group" }));
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "described-" }));
    const [group] = logGroups!;
    assert.deepEqual(
      [group!.logGroupName, group!.arn, group!.logGroupArn, group!.logGroupClass, group!.metricFilterCount, group!.storedBytes],
      ["described-group", `${groupArn("described-group")}:*`, groupArn("described-group"), "STANDARD", 0, 0],
    );
    assert.equal(typeof group!.creationTime, "number");
    await rejectsAsRecorded(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "a", logGroupNamePattern: "b" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    });
  });

  // test_logs_groups "test_tag_resource_api", "test_tag_log_group", "test_untag_log_group", "test_create_log_group_with_tags"
  it("tags set by either API are read by both", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "tagged-group", tags: { env: "testing1" } }));
    await logs.send(new TagResourceCommand({ resourceArn: groupArn("tagged-group"), tags: { test1: "val1", test2: "val2" } }));
    const expected = { env: "testing1", test1: "val1", test2: "val2" };
    assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: "tagged-group" }))).tags, expected);
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn("tagged-group") }))).tags, expected);
    await logs.send(new TagLogGroupCommand({ logGroupName: "tagged-group", tags: { test3: "val3" } }));
    await logs.send(new UntagLogGroupCommand({ logGroupName: "tagged-group", tags: ["env", "test3"] }));
    await logs.send(new UntagResourceCommand({ resourceArn: groupArn("tagged-group"), tagKeys: ["test1"] }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn("tagged-group") }))).tags, { test2: "val2" });
  });

  // test_logs_streams "test_create_and_delete_log_stream", "test_create_log_stream_duplicate_error", "test_describe_log_streams_with_log_group_identifier"
  it("log streams: recorded members, duplicate refused, name and identifier exclusive (ValidationException)", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "stream-group" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "stream-group", logStreamName: "first" }));
    await rejectsAsRecorded(logs.send(new CreateLogStreamCommand({ logGroupName: "stream-group", logStreamName: "first" })), {
      code: "ResourceAlreadyExistsException",
      status: 400,
      message: "The specified log stream already exists",
    });
    for (const logGroupIdentifier of ["stream-group", groupArn("stream-group")]) {
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier }));
      assert.deepEqual(
        logStreams?.map((s) => [s.logStreamName, s.arn, s.storedBytes]),
        [["first", `${groupArn("stream-group")}:log-stream:first`, 0]],
      );
    }
    await rejectsAsRecorded(logs.send(new DescribeLogStreamsCommand({ logGroupName: "stream-group", logGroupIdentifier: "stream-group" })), {
      code: "ValidationException",
      status: 400,
      message: "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    });
    await logs.send(new DeleteLogStreamCommand({ logGroupName: "stream-group", logStreamName: "first" }));
    assert.deepEqual((await logs.send(new DescribeLogStreamsCommand({ logGroupName: "stream-group" }))).logStreams, []);
  });

  // test_logs_events "test_put_log_events_wrong_order", "test_put_log_events_to_invalid_stream", "test_resource_does_not_exist", "test_get_log_events_invalid_token", "test_get_log_events_limit_validation"
  it("log events: order, missing group and stream, bad token and limit as recorded", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "event-group" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "event-group", logStreamName: "s" }));
    const now = Date.now();
    await rejectsAsRecorded(
      logs.send(new PutLogEventsCommand({ logGroupName: "event-group", logStreamName: "s", logEvents: [{ timestamp: now, message: "b" }, { timestamp: now - 1000, message: "a" }] })),
      { code: "InvalidParameterException", status: 400, message: "Log events in a single PutLogEvents request must be in chronological order." },
    );
    await rejectsAsRecorded(logs.send(new PutLogEventsCommand({ logGroupName: "event-group", logStreamName: "nope", logEvents: [{ timestamp: now, message: "a" }] })), {
      code: "ResourceNotFoundException",
      status: 400,
      message: "The specified log stream does not exist.",
    });
    await rejectsAsRecorded(logs.send(new GetLogEventsCommand({ logGroupName: "no-such-group", logStreamName: "s" })), {
      code: "ResourceNotFoundException",
      status: 400,
      message: "The specified log group does not exist.",
    });
    await logs.send(new PutLogEventsCommand({ logGroupName: "event-group", logStreamName: "s", logEvents: [{ timestamp: now, message: "hello" }] }));
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: "event-group", logStreamName: "s", startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => [e.message, e.timestamp]), [["hello", now]]);
    assert.ok(got.nextForwardToken?.startsWith("f/") && got.nextBackwardToken?.startsWith("b/"));
    await rejectsAsRecorded(logs.send(new GetLogEventsCommand({ logGroupName: "event-group", logStreamName: "s", nextToken: "invalid" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "The specified nextToken is invalid.",
    });
    await rejectsAsRecorded(logs.send(new GetLogEventsCommand({ logGroupName: "event-group", logStreamName: "s", limit: 10001 })), {
      code: "InvalidParameterException",
      status: 400,
      message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    });
  });

  // test_logs_filter_events "test_filter_log_events_limit_validation", "test_filter_log_events_unknown_token"
  it("FilterLogEvents validates limit and token in AWS's wording", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "filter-group" }));
    await rejectsAsRecorded(logs.send(new FilterLogEventsCommand({ logGroupName: "filter-group", limit: 10001 })), {
      code: "InvalidParameterException",
      status: 400,
      message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    });
    await rejectsAsRecorded(logs.send(new FilterLogEventsCommand({ logGroupName: "filter-group", nextToken: "unknown" })), {
      code: "InvalidParameterException",
      status: 400,
      message: "The specified nextToken is invalid.",
    });
  });

  // Service model: retentionInDays is an enum; the validation message names value, member and constraint.
  it("retention: a value outside the model's set is refused in the validation-error form; set and delete answer empty", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "retained" }));
    await rejectsAsRecorded(logs.send(new PutRetentionPolicyCommand({ logGroupName: "retained", retentionInDays: 2 })), {
      code: "InvalidParameterException",
      status: 400,
      message: /^1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30, /,
    });
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: "retained", retentionInDays: 7 }));
    assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "retained" }))).logGroups?.[0]?.retentionInDays, 7);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: "retained" }));
    assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "retained" }))).logGroups?.[0]?.retentionInDays, undefined);
    await logs.send(new DeleteLogGroupCommand({ logGroupName: "retained" }));
    await rejectsAsRecorded(logs.send(new DeleteLogGroupCommand({ logGroupName: "retained" })), {
      code: "ResourceNotFoundException",
      status: 400,
      message: "The specified log group does not exist.",
    });
  });
});
