import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { admitsService, parsePolicy, queuePolicyFor, samePolicy } from "../../../../src/core/stack/policies.js";
import { bucketNameFor, stackConfig } from "../../../../src/core/stack/config.js";

const config = stackConfig({ stack: "eda-demo", account: "123456789012", region: "us-east-1" });

describe("samePolicy", () => {
  const ours = queuePolicyFor(config, "inventory");

  it("sees the policy AWS echoes back as unchanged, whatever its formatting", () => {
    const echoed = {
      Version: "2012-10-17",
      Id: "arn:aws:sqs:us-east-1:123456789012:eda-demo-inventory/SQSDefaultPolicy",
      Statement: [
        {
          Condition: { ArnEquals: { "aws:SourceArn": ["arn:aws:sns:us-east-1:123456789012:eda-demo-uploads"] } },
          Resource: ["arn:aws:sqs:us-east-1:123456789012:eda-demo-inventory"],
          Action: ["SQS:SendMessage"],
          Principal: { Service: ["sns.amazonaws.com"] },
          Effect: "Allow",
        },
      ],
    };
    assert.ok(samePolicy(echoed, ours));
  });

  it("decodes IAM's URL-encoded documents", () => {
    const encoded = encodeURIComponent(JSON.stringify(ours));
    assert.ok(samePolicy(parsePolicy(encoded), ours));
    assert.ok(samePolicy(parsePolicy(`  ${JSON.stringify(ours)}\n`), ours));
  });

  it("notices a widened resource, another source, an extra statement or a deny", () => {
    const widened = structuredClone(ours);
    widened.Statement[0]!.Resource = "*";
    assert.ok(!samePolicy(widened, ours));
    const otherSource = structuredClone(ours);
    otherSource.Statement[0]!.Condition = { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:someone-else" } };
    assert.ok(!samePolicy(otherSource, ours));
    const extra = structuredClone(ours);
    extra.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:*", Resource: "*" });
    assert.ok(!samePolicy(extra, ours));
    const deny = structuredClone(ours);
    deny.Statement[0]!.Effect = "Deny";
    assert.ok(!samePolicy(deny, ours));
    assert.ok(!samePolicy(undefined, ours));
  });

  it("treats unparsable text as no policy", () => {
    assert.equal(parsePolicy("{not json"), undefined);
    assert.equal(parsePolicy(""), undefined);
  });

  it("tells whether a service principal is admitted", () => {
    assert.ok(admitsService(ours, "sns.amazonaws.com"));
    assert.ok(!admitsService(ours, "s3.amazonaws.com"));
    assert.ok(!admitsService(undefined, "sns.amazonaws.com"));
  });
});

describe("stackConfig naming", () => {
  it("derives a valid, account- and region-specific bucket name", () => {
    assert.equal(config.bucket.name, "eda-demo-123456789012-us-east-1");
    assert.equal(config.bucket.arn, "arn:aws:s3:::eda-demo-123456789012-us-east-1");
    assert.notEqual(bucketNameFor("eda-demo", "123456789012", "eu-west-1"), config.bucket.name);
  });

  it("shortens a bucket name that would exceed 63 characters with a stable hash, keeping the stack prefix", () => {
    const long = bucketNameFor("a-rather-long-stack-name-for-s3x", "123456789012345678", "ap-southeast-4");
    assert.ok(long.length <= 63, long);
    assert.match(long, /^a-rather-long-stack-name-for-s3x-[0-9a-f]{12}$/);
    assert.equal(bucketNameFor("a-rather-long-stack-name-for-s3x", "123456789012345678", "ap-southeast-4"), long);
    assert.notEqual(bucketNameFor("a-rather-long-stack-name-for-s3x", "123456789012345678", "ap-southeast-3"), long);
    assert.match(long, /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
  });

  it("uses the partition of the region in ARNs", () => {
    const china = stackConfig({ stack: "eda-demo", account: "123456789012", region: "cn-north-1" });
    assert.equal(china.topic.arn, "arn:aws-cn:sns:cn-north-1:123456789012:eda-demo-uploads");
    assert.equal(china.consumers.audit.roleArn, "arn:aws-cn:iam::123456789012:role/eda-demo-audit-role");
  });

  it("refuses a stack name that cannot prefix AWS names", () => {
    assert.throws(() => stackConfig({ stack: "Eda_Demo", account: "123456789012", region: "us-east-1" }), { name: "UsageError" });
  });
});
