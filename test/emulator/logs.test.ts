import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
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
  UntagResourceCommand,
  type FilteredLogEvent,
  type InputLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT } from "../helpers/emulator.js";

const run = promisify(execFile);
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const groupArn = (name: string) => `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:${name}`;

describe("CloudWatch Logs over JSON 1.1", () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 10));
  let emulator: RunningEmulator;
  let logs: CloudWatchLogsClient;

  const createGroupWithStream = async (group: string, ...streams: string[]) => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const stream of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  };
  const put = (group: string, stream: string, logEvents: InputLogEvent[]) =>
    logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));

  before(async () => {
    emulator = await startTestEmulator({ clock });
    logs = new CloudWatchLogsClient(clientConfig(emulator));
  });
  after(async () => {
    await emulator.stop();
  });

  describe("log groups", () => {
    it("creates a group with tags and refuses a duplicate", async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/consumer-a", tags: { app: "eda" } }));
      await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/consumer-a" })), (error: any) => {
        assert.equal(error.name, "ResourceAlreadyExistsException");
        assert.equal(error.message, "The specified log group already exists");
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      });
      const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn("/aws/lambda/consumer-a") }));
      assert.deepEqual(tags, { app: "eda" });
    });

    it("validates group names", async () => {
      for (const name of ["has space", "colon:name", "x".repeat(513)]) {
        await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: name })), { name: "InvalidParameterException" });
      }
    });

    it("describes groups with both ARN forms, retention and stored bytes", async () => {
      await createGroupWithStream("/aws/lambda/consumer-b", "s");
      await put("/aws/lambda/consumer-b", "s", [{ timestamp: clock.now(), message: "héllo" }]);
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/aws/lambda/consumer-b", retentionInDays: 7 }));
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/lambda/consumer-b" }));
      assert.equal(logGroups?.length, 1);
      const group = logGroups![0]!;
      assert.equal(group.arn, `${groupArn("/aws/lambda/consumer-b")}:*`);
      assert.equal(group.logGroupArn, groupArn("/aws/lambda/consumer-b"));
      assert.equal(group.retentionInDays, 7);
      assert.equal(group.storedBytes, Buffer.byteLength("héllo"));
      assert.equal(group.creationTime, clock.now());
      assert.equal(group.logGroupClass, "STANDARD");
    });

    it("filters by prefix or case-sensitive pattern, and pages with limit and nextToken", async () => {
      for (const name of ["paged/a", "paged/b", "paged/c", "paged/DataLogs"]) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "paged/", limit: 3, nextToken }));
        assert.ok((page.logGroups?.length ?? 0) <= 3);
        names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ""));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(names, ["paged/DataLogs", "paged/a", "paged/b", "paged/c"]);
      const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "DataLogs" }));
      assert.deepEqual(byPattern.logGroups?.map((g) => g.logGroupName), ["paged/DataLogs"]);
      const lowerCase = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "datalogs" }));
      assert.deepEqual(lowerCase.logGroups, []);
      await assert.rejects(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "paged/", logGroupNamePattern: "a" })), {
        name: "InvalidParameterException",
      });
      await assert.rejects(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), { name: "InvalidParameterException" });
    });

    it("accepts only AWS's retention values and removes retention again", async () => {
      await assert.rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: "paged/a", retentionInDays: 2 })), {
        name: "InvalidParameterException",
      });
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: "paged/a", retentionInDays: 3653 }));
      await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: "paged/a" }));
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "paged/a" }));
      assert.equal(logGroups?.[0]?.retentionInDays, undefined);
    });

    it("expires events older than the retention period as time passes", async () => {
      await createGroupWithStream("retained", "s");
      await put("retained", "s", [{ timestamp: clock.now() - 2 * DAY, message: "old" }]);
      await put("retained", "s", [{ timestamp: clock.now(), message: "new" }]);
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: "retained", retentionInDays: 1 }));
      let events = (await logs.send(new GetLogEventsCommand({ logGroupName: "retained", logStreamName: "s" }))).events;
      assert.deepEqual(events?.map((e) => e.message), ["new"]);
      clock.advance(DAY + 1);
      events = (await logs.send(new GetLogEventsCommand({ logGroupName: "retained", logStreamName: "s" }))).events;
      assert.deepEqual(events, []);
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "retained" }));
      assert.equal(logGroups?.[0]?.storedBytes, 0);
    });

    it("tags by the ARN without :* and refuses the :* form", async () => {
      const arn = groupArn("/aws/lambda/consumer-a");
      await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { team: "data", app: "eda2" } }));
      await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["team"] }));
      assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { app: "eda2" });
      await assert.rejects(logs.send(new ListTagsForResourceCommand({ resourceArn: `${arn}:*` })), { name: "InvalidParameterException" });
      await assert.rejects(logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn("absent") })), { name: "ResourceNotFoundException" });
      const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
      await assert.rejects(logs.send(new TagResourceCommand({ resourceArn: arn, tags: many })), { name: "TooManyTagsException" });
    });

    it("supports the older TagLogGroup and ListTagsLogGroup", async () => {
      await logs.send(new TagLogGroupCommand({ logGroupName: "paged/b", tags: { old: "api" } }));
      assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: "paged/b" }))).tags, { old: "api" });
    });

    it("deletes a group with its streams", async () => {
      await createGroupWithStream("doomed", "s");
      await logs.send(new DeleteLogGroupCommand({ logGroupName: "doomed" }));
      await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: "doomed" })), {
        name: "ResourceNotFoundException",
        message: "The specified log group does not exist.",
      });
      await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: "doomed", logStreamName: "s" })), {
        name: "ResourceNotFoundException",
      });
    });
  });

  describe("log streams", () => {
    before(async () => {
      await createGroupWithStream("streams", "b-quiet", "a-late", "c-early");
      await put("streams", "c-early", [{ timestamp: clock.now() - 3000, message: "c" }]);
      await put("streams", "a-late", [{ timestamp: clock.now() - 2000, message: "a1" }, { timestamp: clock.now() - 1000, message: "a2" }]);
    });

    it("refuses duplicates and invalid names", async () => {
      await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: "streams", logStreamName: "a-late" })), {
        name: "ResourceAlreadyExistsException",
      });
      for (const name of ["has:colon", "star*"]) {
        await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: "streams", logStreamName: name })), {
          name: "InvalidParameterException",
        });
      }
    });

    it("describes streams by name with event timestamps and ARNs", async () => {
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "streams" }));
      assert.deepEqual(logStreams?.map((s) => s.logStreamName), ["a-late", "b-quiet", "c-early"]);
      const late = logStreams![0]!;
      assert.equal(late.firstEventTimestamp, clock.now() - 2000);
      assert.equal(late.lastEventTimestamp, clock.now() - 1000);
      assert.equal(late.lastIngestionTime, clock.now());
      assert.equal(late.arn, `${groupArn("streams")}:log-stream:a-late`);
      assert.equal(logStreams![1]!.firstEventTimestamp, undefined);
    });

    it("orders by last event time, descending, and pages", async () => {
      const first = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "streams", orderBy: "LastEventTime", descending: true, limit: 2 }));
      assert.deepEqual(first.logStreams?.map((s) => s.logStreamName), ["a-late", "c-early"]);
      assert.ok(first.nextToken);
      const second = await logs.send(
        new DescribeLogStreamsCommand({ logGroupName: "streams", orderBy: "LastEventTime", descending: true, limit: 2, nextToken: first.nextToken }),
      );
      assert.deepEqual(second.logStreams?.map((s) => s.logStreamName), ["b-quiet"]);
      assert.equal(second.nextToken, undefined);
    });

    it("filters by prefix, which cannot be combined with LastEventTime ordering", async () => {
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: groupArn("streams"), logStreamNamePrefix: "c-" }));
      assert.deepEqual(logStreams?.map((s) => s.logStreamName), ["c-early"]);
      await assert.rejects(
        logs.send(new DescribeLogStreamsCommand({ logGroupName: "streams", orderBy: "LastEventTime", logStreamNamePrefix: "c-" })),
        { name: "InvalidParameterException" },
      );
      // AWS answers ValidationException here (localstack test_logs_streams.snapshot.json "test_describe_log_streams_with_log_group_identifier").
      await assert.rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: "streams", logGroupIdentifier: "streams" })), {
        name: "ValidationException",
      });
    });

    it("deletes a stream", async () => {
      await logs.send(new CreateLogStreamCommand({ logGroupName: "streams", logStreamName: "temporary" }));
      await logs.send(new DeleteLogStreamCommand({ logGroupName: "streams", logStreamName: "temporary" }));
      await assert.rejects(logs.send(new DeleteLogStreamCommand({ logGroupName: "streams", logStreamName: "temporary" })), {
        name: "ResourceNotFoundException",
        message: "The specified log stream does not exist.",
      });
    });
  });

  describe("PutLogEvents", () => {
    before(async () => {
      await createGroupWithStream("ingest", "s");
    });

    it("ignores sequence tokens and returns the next one", async () => {
      const first = await logs.send(
        new PutLogEventsCommand({ logGroupName: "ingest", logStreamName: "s", sequenceToken: "stale", logEvents: [{ timestamp: clock.now(), message: "1" }] }),
      );
      const second = await put("ingest", "s", [{ timestamp: clock.now(), message: "2" }]);
      assert.ok(first.nextSequenceToken);
      assert.notEqual(first.nextSequenceToken, second.nextSequenceToken);
      assert.equal(first.rejectedLogEventsInfo, undefined);
    });

    it("refuses batches out of chronological order or spanning more than 24 hours", async () => {
      await assert.rejects(put("ingest", "s", [{ timestamp: clock.now(), message: "b" }, { timestamp: clock.now() - 1, message: "a" }]), {
        name: "InvalidParameterException",
        message: "Log events in a single PutLogEvents request must be in chronological order.",
      });
      await assert.rejects(
        put("ingest", "s", [{ timestamp: clock.now() - 25 * HOUR, message: "a" }, { timestamp: clock.now(), message: "b" }]),
        { name: "InvalidParameterException" },
      );
    });

    it("refuses batches over 10,000 events or 1 MiB", async () => {
      const many = Array.from({ length: 10_001 }, () => ({ timestamp: clock.now(), message: "x" }));
      await assert.rejects(put("ingest", "s", many), { name: "InvalidParameterException" });
      const big = Array.from({ length: 5 }, () => ({ timestamp: clock.now(), message: "x".repeat(210_000) }));
      await assert.rejects(put("ingest", "s", big), { name: "InvalidParameterException" });
    });

    it("rejects too old, expired and too new events individually and stores the rest", async () => {
      await createGroupWithStream("ingest-retained", "s");
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: "ingest-retained", retentionInDays: 1 }));
      const expired = await put("ingest-retained", "s", [
        { timestamp: clock.now() - DAY - 1000, message: "expired" },
        { timestamp: clock.now() - 2 * HOUR, message: "kept-1" },
        { timestamp: clock.now() - HOUR, message: "kept-2" },
      ]);
      assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 0 });
      const tooNew = await put("ingest-retained", "s", [
        { timestamp: clock.now(), message: "kept-3" },
        { timestamp: clock.now() + 3 * HOUR, message: "too new" },
      ]);
      assert.deepEqual(tooNew.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
      const tooOld = await put("ingest", "s", [{ timestamp: clock.now() - 15 * DAY, message: "ancient" }]);
      assert.deepEqual(tooOld.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0 });
      const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: "ingest-retained", logStreamName: "s" }));
      assert.deepEqual(events?.map((e) => e.message), ["kept-1", "kept-2", "kept-3"]);
    });

    it("answers ResourceNotFound for a missing stream", async () => {
      await assert.rejects(put("ingest", "absent", [{ timestamp: clock.now(), message: "x" }]), {
        name: "ResourceNotFoundException",
        message: "The specified log stream does not exist.",
      });
    });
  });

  describe("GetLogEvents", () => {
    const base = Date.UTC(2026, 0, 10) - HOUR;
    before(async () => {
      await createGroupWithStream("reading", "s");
      await put("reading", "s", Array.from({ length: 5 }, (_, i) => ({ timestamp: base + i * 1000, message: `e${i}` })));
    });

    it("returns the newest events first by default, then reads backwards to the start", async () => {
      const newest = await logs.send(new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", limit: 2 }));
      assert.deepEqual(newest.events?.map((e) => e.message), ["e3", "e4"]);
      assert.ok(newest.events?.every((e) => e.ingestionTime !== undefined));
      const older = await logs.send(
        new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", limit: 2, nextToken: newest.nextBackwardToken }),
      );
      assert.deepEqual(older.events?.map((e) => e.message), ["e1", "e2"]);
      const oldest = await logs.send(
        new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", limit: 2, nextToken: older.nextBackwardToken }),
      );
      assert.deepEqual(oldest.events?.map((e) => e.message), ["e0"]);
      const beyond = await logs.send(
        new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", limit: 2, nextToken: oldest.nextBackwardToken }),
      );
      assert.deepEqual(beyond.events, []);
      assert.equal(beyond.nextBackwardToken, oldest.nextBackwardToken);
    });

    it("reads forwards from the head and returns the same token at the end", async () => {
      const messages: string[] = [];
      let token: string | undefined;
      for (;;) {
        const page = await logs.send(
          new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", startFromHead: true, limit: 2, nextToken: token }),
        );
        messages.push(...(page.events ?? []).map((e) => e.message ?? ""));
        if (page.nextForwardToken === token) break;
        token = page.nextForwardToken;
      }
      assert.deepEqual(messages, ["e0", "e1", "e2", "e3", "e4"]);
      await put("reading", "s", [{ timestamp: base + 10_000, message: "e5" }]);
      const tail = await logs.send(new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", startFromHead: true, nextToken: token }));
      assert.deepEqual(tail.events?.map((e) => e.message), ["e5"]);
    });

    it("treats startTime as inclusive and endTime as exclusive", async () => {
      const { events } = await logs.send(
        new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", startTime: base + 1000, endTime: base + 3000, startFromHead: true }),
      );
      assert.deepEqual(events?.map((e) => e.message), ["e1", "e2"]);
    });

    it("refuses a token it did not issue", async () => {
      await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: "reading", logStreamName: "s", nextToken: "f/bogus" })), {
        name: "InvalidParameterException",
      });
    });
  });

  describe("FilterLogEvents", () => {
    const base = Date.UTC(2026, 0, 10) - 2 * HOUR;
    before(async () => {
      await createGroupWithStream("/aws/lambda/filtered", "2026/01/10/[$LATEST]one", "2026/01/10/[$LATEST]two", "other");
      await put("/aws/lambda/filtered", "2026/01/10/[$LATEST]one", [
        { timestamp: base, message: "START RequestId: 1" },
        { timestamp: base + 20, message: "ERROR Internal Server Error" },
        { timestamp: base + 40, message: "END RequestId: 1" },
      ]);
      await put("/aws/lambda/filtered", "2026/01/10/[$LATEST]two", [
        { timestamp: base + 10, message: "START RequestId: 2" },
        { timestamp: base + 30, message: "WARN slow Exiting" },
        { timestamp: base + 50, message: "END RequestId: 2" },
      ]);
      await put("/aws/lambda/filtered", "other", [{ timestamp: base + 25, message: "ERROR other stream" }]);
    });

    const filter = async (input: Partial<ConstructorParameters<typeof FilterLogEventsCommand>[0]>) =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/filtered", ...input }))).events ?? [];
    const messages = (events: FilteredLogEvent[]) => events.map((e) => e.message);

    it("interleaves every stream by timestamp with stream names and event ids", async () => {
      const events = await filter({});
      assert.deepEqual(messages(events), [
        "START RequestId: 1",
        "START RequestId: 2",
        "ERROR Internal Server Error",
        "ERROR other stream",
        "WARN slow Exiting",
        "END RequestId: 1",
        "END RequestId: 2",
      ]);
      assert.equal(events[1]?.logStreamName, "2026/01/10/[$LATEST]two");
      assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
      assert.deepEqual((await filter({})).map((e) => e.eventId), events.map((e) => e.eventId));
    });

    it("selects streams by name or by prefix, not both", async () => {
      assert.deepEqual(messages(await filter({ logStreamNames: ["other"] })), ["ERROR other stream"]);
      assert.equal((await filter({ logStreamNamePrefix: "2026/" })).length, 6);
      await assert.rejects(filter({ logStreamNames: ["other"], logStreamNamePrefix: "2026/" }), { name: "InvalidParameterException" });
    });

    it("matches terms, quoted phrases, ?alternatives and -exclusions", async () => {
      assert.deepEqual(messages(await filter({ filterPattern: "ERROR Server" })), ["ERROR Internal Server Error"]);
      assert.deepEqual(messages(await filter({ filterPattern: '"Internal Server Error"' })), ["ERROR Internal Server Error"]);
      assert.deepEqual(messages(await filter({ filterPattern: '"Server Internal"' })), []);
      assert.deepEqual(messages(await filter({ filterPattern: "?WARN ?Internal" })), ["ERROR Internal Server Error", "WARN slow Exiting"]);
      assert.deepEqual(messages(await filter({ filterPattern: "ERROR -other" })), ["ERROR Internal Server Error"]);
      assert.deepEqual(messages(await filter({ filterPattern: "error" })), []);
      await assert.rejects(filter({ filterPattern: '{ $.level = "ERROR" }' }), { name: "InvalidParameterException" });
    });

    it("limits to the time range, both ends included", async () => {
      assert.deepEqual(messages(await filter({ startTime: base + 20, endTime: base + 30 })), [
        "ERROR Internal Server Error",
        "ERROR other stream",
        "WARN slow Exiting",
      ]);
    });

    it("pages with limit and nextToken until no token comes back", async () => {
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/filtered", limit: 3, nextToken }));
        assert.deepEqual(page.searchedLogStreams, []);
        seen.push(...(page.events ?? []).map((e) => e.eventId ?? ""));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
      assert.equal(pages, 3);
      assert.deepEqual(seen, (await filter({})).map((e) => e.eventId));
    });

    it("is readable by the AWS CLI", async () => {
      const { stdout } = await run(
        "python3",
        ["-m", "awscli", "--endpoint-url", emulator.endpoint, "logs", "filter-log-events", "--log-group-name", "/aws/lambda/filtered", "--filter-pattern", "ERROR"],
        { env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_DEFAULT_REGION: "us-east-1" } },
      );
      const result = JSON.parse(stdout);
      assert.deepEqual(
        result.events.map((e: { message: string }) => e.message),
        ["ERROR Internal Server Error", "ERROR other stream"],
      );
    });
  });
});
