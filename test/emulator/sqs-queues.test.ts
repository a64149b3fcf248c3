import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { ManualClock } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

const START = Date.UTC(2026, 0, 1);

describe("SQS queues", () => {
  let emulator: RunningEmulator;
  let clock: ManualClock;
  let sqs: SQSClient;

  before(async () => {
    clock = new ManualClock(START);
    emulator = await startTestEmulator({ clock });
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  const create = async (QueueName: string, Attributes?: Record<string, string>) =>
    (await sqs.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;
  const attributes = async (QueueUrl: string, names: string[] = ["All"]) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names as never }))).Attributes;

  describe("CreateQueue", () => {
    it("answers a URL on the endpoint the client used, so the SDK keeps talking to the emulator", async () => {
      const url = await create("orders");
      assert.equal(url, `${emulator.endpoint}/${TEST_ACCOUNT}/orders`);
    });

    it("is idempotent for the same attributes and for no attributes", async () => {
      const first = await create("idempotent", { VisibilityTimeout: "60" });
      assert.equal(await create("idempotent", { VisibilityTimeout: "60" }), first);
      assert.equal(await create("idempotent"), first);
    });

    it("refuses the same name with a different attribute value, naming the attribute", async () => {
      await create("conflicting", { VisibilityTimeout: "60" });
      await assert.rejects(create("conflicting", { VisibilityTimeout: "61" }), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, "QueueNameExists");
        assert.match(error.message, /different value for attribute VisibilityTimeout/);
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      });
    });

    it("refuses to recreate a deleted name for 60 seconds, then allows it", async () => {
      const url = await create("recycled");
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assert.rejects(create("recycled"), { name: "QueueDeletedRecently" });
      clock.advance(59_000);
      await assert.rejects(create("recycled"), { name: "QueueDeletedRecently" });
      clock.advance(1_000);
      assert.equal(await create("recycled"), url);
    });

    it("enforces the name rules", async () => {
      await assert.rejects(create("has space"), { name: "InvalidParameterValue" });
      await assert.rejects(create("x".repeat(81)), { name: "InvalidParameterValue" });
      assert.ok(await create("A-valid_name-" + "x".repeat(67)));
    });

    it("rejects FIFO queues clearly, since only standard queues are emulated", async () => {
      await assert.rejects(create("jobs.fifo", { FifoQueue: "true" }), (error: Error) => {
        assert.equal(error.name, "UnsupportedOperation");
        assert.match(error.message, /FIFO queues are not provided/);
        return true;
      });
      await assert.rejects(create("jobs.fifo"), { name: "UnsupportedOperation" });
    });

    it("validates attributes at creation", async () => {
      await assert.rejects(create("bad-attr", { VisibilityTimeout: "43201" }), { name: "InvalidAttributeValue" });
      await assert.rejects(create("bad-attr", { NoSuchThing: "1" }), { name: "InvalidAttributeName" });
      await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: "bad-attr" })), { name: "QueueDoesNotExist" });
    });
  });

  describe("GetQueueUrl, ListQueues, DeleteQueue", () => {
    it("finds a queue by name and reports a missing one as QueueDoesNotExist", async () => {
      const url = await create("findable");
      assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: "findable" }))).QueueUrl, url);
      await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: "missing" })), (error: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(error.name, "QueueDoesNotExist");
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      });
    });

    it("lists by prefix, pages with MaxResults and NextToken, and omits QueueUrls when nothing matches", async () => {
      const names = ["list-a", "list-b", "list-c", "list-d", "list-e"];
      for (const name of names) await create(name);
      const all = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "list-" }));
      assert.deepEqual(all.QueueUrls, names.map((n) => `${emulator.endpoint}/${TEST_ACCOUNT}/${n}`));
      assert.equal(all.NextToken, undefined);

      const seen: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "list-", MaxResults: 2, NextToken }));
        assert.ok(page.QueueUrls!.length <= 2);
        seen.push(...page.QueueUrls!);
        NextToken = page.NextToken;
      } while (NextToken);
      assert.deepEqual(seen, all.QueueUrls);

      const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "nothing-here" }));
      assert.equal(none.QueueUrls, undefined);
      await assert.rejects(sqs.send(new ListQueuesCommand({ MaxResults: 1001 })), { name: "InvalidParameterValue" });
    });

    it("resolves a queue URL by its path, whatever host it names", async () => {
      await create("any-host");
      const foreign = `http://sqs.example.invalid/${TEST_ACCOUNT}/any-host`;
      const found = await attributes(foreign, ["QueueArn"]);
      assert.equal(found?.QueueArn, `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:any-host`);
      await assert.rejects(attributes(`${emulator.endpoint}/not-a-queue-path`), { name: "QueueDoesNotExist" });
    });

    it("deletes a queue; deleting it again is QueueDoesNotExist", async () => {
      const url = await create("doomed");
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assert.rejects(sqs.send(new DeleteQueueCommand({ QueueUrl: url })), { name: "QueueDoesNotExist" });
      await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" })), { name: "QueueDoesNotExist" });
    });
  });

  describe("GetQueueAttributes", () => {
    it("returns an empty map without names and everything for All, with AWS defaults", async () => {
      const url = await create("defaults");
      assert.deepEqual(await attributes(url, []), {});
      const all = await attributes(url);
      assert.deepEqual(all, {
        QueueArn: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:defaults`,
        ApproximateNumberOfMessages: "0",
        ApproximateNumberOfMessagesNotVisible: "0",
        ApproximateNumberOfMessagesDelayed: "0",
        CreatedTimestamp: String(Math.floor(clock.now() / 1000)),
        LastModifiedTimestamp: String(Math.floor(clock.now() / 1000)),
        DelaySeconds: "0",
        MaximumMessageSize: "1048576",
        MessageRetentionPeriod: "345600",
        ReceiveMessageWaitTimeSeconds: "0",
        VisibilityTimeout: "30",
        SqsManagedSseEnabled: "true",
      });
    });

    it("returns only the names asked for and refuses unknown names", async () => {
      const url = await create("selective", { DelaySeconds: "5" });
      assert.deepEqual(await attributes(url, ["DelaySeconds", "VisibilityTimeout"]), { DelaySeconds: "5", VisibilityTimeout: "30" });
      await assert.rejects(attributes(url, ["Colour"]), (error: Error) => {
        assert.equal(error.name, "InvalidAttributeName");
        assert.match(error.message, /Colour/);
        return true;
      });
    });
  });

  describe("SetQueueAttributes", () => {
    it("changes attributes and moves LastModifiedTimestamp", async () => {
      const url = await create("mutable");
      const before = await attributes(url);
      clock.advance(5_000);
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: "120", DelaySeconds: "10" } }));
      const after = await attributes(url);
      assert.equal(after?.VisibilityTimeout, "120");
      assert.equal(after?.DelaySeconds, "10");
      assert.equal(after?.CreatedTimestamp, before?.CreatedTimestamp);
      assert.equal(Number(after?.LastModifiedTimestamp), Number(before?.LastModifiedTimestamp) + 5);
    });

    it("refuses values outside AWS's ranges and leaves the queue unchanged", async () => {
      const url = await create("ranges");
      const outOfRange: Record<string, string> = {
        VisibilityTimeout: "43201",
        MessageRetentionPeriod: "59",
        DelaySeconds: "901",
        ReceiveMessageWaitTimeSeconds: "21",
        MaximumMessageSize: "1023",
        KmsDataKeyReusePeriodSeconds: "59",
        SqsManagedSseEnabled: "maybe",
      };
      for (const [name, value] of Object.entries(outOfRange)) {
        await assert.rejects(
          sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: "3", [name]: value } })),
          { name: "InvalidAttributeValue" },
          `${name}=${value}`,
        );
      }
      assert.equal((await attributes(url, ["DelaySeconds"]))?.DelaySeconds, "0");
    });

    it("refuses read-only and unknown attributes by name", async () => {
      const url = await create("read-only");
      for (const name of ["QueueArn", "ApproximateNumberOfMessages", "CreatedTimestamp", "FifoQueue", "Bogus"]) {
        await assert.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [name]: "1" } })), {
          name: "InvalidAttributeName",
        });
      }
    });

    it("stores a valid Policy, refuses a malformed one, and removes it when set empty", async () => {
      const url = await create("with-policy");
      const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" }],
      });
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy } }));
      assert.equal((await attributes(url, ["Policy"]))?.Policy, policy);
      for (const bad of ["{not json", JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] })]) {
        await assert.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: bad } })), {
          name: "InvalidAttributeValue",
        });
      }
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: "" } }));
      assert.equal((await attributes(url))?.Policy, undefined);
    });

    it("validates RedrivePolicy: JSON, maxReceiveCount 1-1000, and a dead-letter queue that exists", async () => {
      const url = await create("redrive-source");
      const dlqArn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:redrive-dlq`;
      const set = (RedrivePolicy: string) => sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { RedrivePolicy } }));
      await assert.rejects(set(JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 })), (error: Error) => {
        assert.equal(error.name, "InvalidParameterValue");
        assert.match(error.message, /Dead letter target does not exist/);
        return true;
      });
      await create("redrive-dlq");
      await assert.rejects(set("[1]"), { name: "InvalidParameterValue" });
      await assert.rejects(set(JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 0 })), { name: "InvalidParameterValue" });
      await assert.rejects(set(JSON.stringify({ deadLetterTargetArn: dlqArn })), { name: "InvalidParameterValue" });
      await set(JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: "4" }));
      assert.deepEqual(JSON.parse((await attributes(url, ["RedrivePolicy"]))!.RedrivePolicy!), {
        deadLetterTargetArn: dlqArn,
        maxReceiveCount: 4,
      });
      const listed = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: `${emulator.endpoint}/${TEST_ACCOUNT}/redrive-dlq` }));
      assert.deepEqual(listed.queueUrls, [url]);
      await set("");
      assert.equal((await attributes(url))?.RedrivePolicy, undefined);
    });

    it("honours the dead-letter queue's RedriveAllowPolicy", async () => {
      const dlqUrl = await create("guarded-dlq");
      const allowedUrl = await create("allowed-source");
      const otherUrl = await create("other-source");
      const arn = (name: string) => `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}`;
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: dlqUrl,
          Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn("allowed-source")] }) },
        }),
      );
      const redrive = JSON.stringify({ deadLetterTargetArn: arn("guarded-dlq"), maxReceiveCount: 5 });
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: allowedUrl, Attributes: { RedrivePolicy: redrive } }));
      await assert.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl: otherUrl, Attributes: { RedrivePolicy: redrive } })), {
        name: "InvalidParameterValue",
      });
      await assert.rejects(
        sqs.send(new SetQueueAttributesCommand({ QueueUrl: dlqUrl, Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: "sometimes" }) } })),
        { name: "InvalidParameterValue" },
      );
    });
  });

  describe("tags", () => {
    it("tags at creation, adds, removes and lists; an untagged queue has no Tags key", async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "tagged", tags: { team: "data", env: "dev" } }));
      assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { team: "data", env: "dev" });
      await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: "prod", owner: "me" } }));
      await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ["team", "not-there"] }));
      assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { env: "prod", owner: "me" });
      await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ["env", "owner"] }));
      assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, undefined);
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
      await assert.rejects(sqs.send(new TagQueueCommand({ QueueUrl, Tags: tooMany })), { name: "InvalidParameterValue" });
    });
  });
});
