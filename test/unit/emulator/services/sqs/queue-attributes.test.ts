import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  defaultQueueSettings,
  parseQueueAttributes,
  renderQueueSettings,
  sameAttributeValue,
  type AttributeContext,
  type RedriveAllowPolicy,
} from "../../../../../src/emulator/services/sqs/queue-attributes.js";

const SOURCE = "arn:aws:sqs:us-east-1:000000000000:source";
const DLQ = "arn:aws:sqs:us-east-1:000000000000:dlq";

function context(dlqs: Record<string, RedriveAllowPolicy | undefined> = { [DLQ]: undefined }): AttributeContext {
  return { queueArn: SOURCE, redriveAllowPolicyOf: (arn) => (arn in dlqs ? dlqs[arn] : "missing") };
}

const parse = (attributes: Record<string, string>, ctx = context()) => parseQueueAttributes(attributes, ctx, "SetQueueAttributes");

/** The error code clients see: the query code where SQS's JSON type differs (InvalidParameterValueException). */
function errorName(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { queryCode?: string }).queryCode ?? (error as Error).name;
  }
  return undefined;
}

describe("SQS queue attributes", () => {
  it("accepts every range boundary and refuses one beyond", () => {
    const ranges: [string, number, number][] = [
      ["VisibilityTimeout", 0, 43_200],
      ["MessageRetentionPeriod", 60, 1_209_600],
      ["DelaySeconds", 0, 900],
      ["ReceiveMessageWaitTimeSeconds", 0, 20],
      ["MaximumMessageSize", 1024, 1_048_576],
      ["KmsDataKeyReusePeriodSeconds", 60, 86_400],
    ];
    for (const [name, min, max] of ranges) {
      assert.deepEqual(parse({ [name]: String(min) }), { [name]: min });
      assert.deepEqual(parse({ [name]: String(max) }), { [name]: max });
      assert.equal(errorName(() => parse({ [name]: String(min - 1) })), "InvalidAttributeValue", `${name} below`);
      assert.equal(errorName(() => parse({ [name]: String(max + 1) })), "InvalidAttributeValue", `${name} above`);
      assert.equal(errorName(() => parse({ [name]: "ten" })), "InvalidAttributeValue", `${name} text`);
    }
  });

  it("normalises numbers and renders every value as a string", () => {
    const settings = { ...defaultQueueSettings(), ...parse({ VisibilityTimeout: "060" }) };
    assert.equal(renderQueueSettings(settings).VisibilityTimeout, "60");
  });

  it("keeps one kind of server-side encryption at a time", () => {
    assert.deepEqual(parse({ KmsMasterKeyId: "alias/aws/sqs" }), { KmsMasterKeyId: "alias/aws/sqs", SqsManagedSseEnabled: false });
    assert.deepEqual(parse({ SqsManagedSseEnabled: "true" }), { SqsManagedSseEnabled: true, KmsMasterKeyId: undefined });
    assert.equal(errorName(() => parse({ KmsMasterKeyId: "k", SqsManagedSseEnabled: "true" })), "InvalidAttributeValue");
    const kms = renderQueueSettings({ ...defaultQueueSettings(), ...parse({ KmsMasterKeyId: "k" }) });
    assert.equal(kms.KmsDataKeyReusePeriodSeconds, "300");
    assert.equal(renderQueueSettings(defaultQueueSettings()).KmsDataKeyReusePeriodSeconds, undefined);
  });

  it("parses RedrivePolicy into a number count and checks the target and its allow policy", () => {
    const text = JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: "5" });
    assert.deepEqual(parse({ RedrivePolicy: text }).RedrivePolicy, { deadLetterTargetArn: DLQ, maxReceiveCount: 5 });
    assert.equal(errorName(() => parse({ RedrivePolicy: text }, context({}))), "InvalidParameterValue");
    assert.equal(
      errorName(() => parse({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ.replace("us-east-1", "eu-west-1"), maxReceiveCount: 1 }) })),
      "InvalidParameterValue",
    );
    assert.equal(errorName(() => parse({ RedrivePolicy: text }, context({ [DLQ]: { redrivePermission: "denyAll" } }))), "InvalidParameterValue");
    assert.deepEqual(
      parse({ RedrivePolicy: text }, context({ [DLQ]: { redrivePermission: "byQueue", sourceQueueArns: [SOURCE] } })).RedrivePolicy,
      { deadLetterTargetArn: DLQ, maxReceiveCount: 5 },
    );
    for (const count of [0, 1001, 2.5, "x"]) {
      assert.equal(
        errorName(() => parse({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: count }) })),
        "InvalidParameterValue",
        String(count),
      );
    }
    assert.deepEqual(parse({ RedrivePolicy: "" }), { RedrivePolicy: undefined });
  });

  it("validates RedriveAllowPolicy shapes", () => {
    assert.deepEqual(parse({ RedriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }) }).RedriveAllowPolicy, {
      redrivePermission: "denyAll",
    });
    for (const bad of [
      { redrivePermission: "byQueue" },
      { redrivePermission: "byQueue", sourceQueueArns: Array.from({ length: 11 }, (_, i) => `${SOURCE}${i}`) },
      { redrivePermission: "allowAll", sourceQueueArns: [SOURCE] },
      { redrivePermission: "byQueue", sourceQueueArns: ["not-an-arn"] },
    ]) {
      assert.equal(errorName(() => parse({ RedriveAllowPolicy: JSON.stringify(bad) })), "InvalidParameterValue", JSON.stringify(bad));
    }
  });

  it("refuses FIFO attributes on standard queues and FIFO queues at creation", () => {
    assert.equal(errorName(() => parse({ ContentBasedDeduplication: "true" })), "InvalidAttributeName");
    assert.equal(errorName(() => parseQueueAttributes({ FifoQueue: "true" }, context(), "CreateQueue")), "UnsupportedOperation");
    assert.deepEqual(parseQueueAttributes({ FifoQueue: "false" }, context(), "CreateQueue"), {});
  });

  it("compares policies by content when CreateQueue checks an existing queue", () => {
    assert.ok(sameAttributeValue("Policy", '{"a": 1}', '{"a":1}'));
    assert.ok(!sameAttributeValue("Policy", '{"a": 2}', '{"a":1}'));
    assert.ok(!sameAttributeValue("Policy", '{"a":1}', undefined));
    assert.ok(sameAttributeValue("DelaySeconds", "5", "5"));
  });
});
