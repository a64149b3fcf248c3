import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MalformedPolicyError, parsePolicyDocument } from "../../../../src/emulator/policy/policy-document.js";

const ACCOUNT = "111122223333";
const statementText = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const identityStatement = { Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` };
const trustStatement = { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" };

interface Rejection {
  name: string;
  text: string;
  kind: "identity" | "resource" | "trust";
  message: string | RegExp;
}

const rejections: Rejection[] = [
  { name: "text that is not JSON", text: "{", kind: "identity", message: "Syntax errors in policy." },
  { name: "a JSON array", text: "[]", kind: "identity", message: "Syntax errors in policy." },
  { name: "an unknown version", text: JSON.stringify({ Version: "2020-01-01", Statement: [identityStatement] }), kind: "identity", message: /valid version/ },
  { name: "no statements", text: JSON.stringify({ Version: "2012-10-17", Statement: [] }), kind: "identity", message: "Missing required field Statement" },
  { name: "a statement without Effect", text: statementText({ ...identityStatement, Effect: undefined }), kind: "identity", message: "Missing required field Effect" },
  { name: "an invalid Effect", text: statementText({ ...identityStatement, Effect: "Permit" }), kind: "identity", message: "Invalid effect: Permit" },
  { name: "Action and NotAction together", text: statementText({ ...identityStatement, NotAction: "sqs:DeleteQueue" }), kind: "identity", message: /both Action and NotAction/ },
  { name: "Resource and NotResource together", text: statementText({ ...identityStatement, NotResource: "*" }), kind: "identity", message: /both Resource and NotResource/ },
  { name: "no actions", text: statementText({ Effect: "Allow", Resource: "*" }), kind: "identity", message: "Policy statement must contain actions." },
  { name: "an empty action list", text: statementText({ ...identityStatement, Action: [] }), kind: "identity", message: "Policy statement must contain actions." },
  { name: "an action without a vendor", text: statementText({ ...identityStatement, Action: "SendMessage" }), kind: "identity", message: /prefaced by a vendor/ },
  { name: "an action that is not a string", text: statementText({ ...identityStatement, Action: 7 }), kind: "identity", message: /Action must be a string/ },
  { name: "a Principal in an identity policy", text: statementText({ ...identityStatement, Principal: "*" }), kind: "identity", message: "Policy document should not specify a principal." },
  { name: "a resource policy without Principal", text: statementText(identityStatement), kind: "resource", message: "Missing required field Principal" },
  { name: "an identity policy without Resource", text: statementText({ Effect: "Allow", Action: "sqs:*" }), kind: "identity", message: "Policy statement must contain resources." },
  { name: "a Resource that is not an ARN", text: statementText({ ...identityStatement, Resource: "my-queue" }), kind: "identity", message: 'Resource my-queue must be in ARN format or "*".' },
  { name: "a trust policy without Principal", text: statementText({ Effect: "Allow", Action: "sts:AssumeRole" }), kind: "trust", message: "Missing required field Principal" },
  { name: "a trust policy with Resource", text: statementText({ ...trustStatement, Resource: "*" }), kind: "trust", message: "Has prohibited field Resource" },
  { name: "a trust policy granting other actions", text: statementText({ ...trustStatement, Action: "sqs:SendMessage" }), kind: "trust", message: /only specify STS AssumeRole actions/ },
  { name: "an AWS principal that is no account or ARN", text: statementText({ ...trustStatement, Principal: { AWS: "bob" } }), kind: "trust", message: 'Invalid principal in policy: "AWS":"bob"' },
  { name: "a service principal that is no DNS name", text: statementText({ ...trustStatement, Principal: { Service: "lambda" } }), kind: "trust", message: /Invalid principal/ },
  { name: "a Principal given as a bare ARN string", text: statementText({ ...trustStatement, Principal: `arn:aws:iam::${ACCOUNT}:root` }), kind: "trust", message: /Invalid principal/ },
  { name: "an unknown condition operator", text: statementText({ ...identityStatement, Condition: { StringMatches: { "aws:SourceArn": "x" } } }), kind: "identity", message: "Invalid Condition type : StringMatches" },
  { name: "a condition value that is an object", text: statementText({ ...identityStatement, Condition: { StringEquals: { "aws:SourceArn": { a: 1 } } } }), kind: "identity", message: /invalid value for condition key/ },
  { name: "duplicate Sids", text: JSON.stringify({ Statement: [{ ...identityStatement, Sid: "A" }, { ...identityStatement, Sid: "A" }] }), kind: "identity", message: /must be unique/ },
  { name: "a non-alphanumeric Sid in an IAM policy", text: statementText({ ...identityStatement, Sid: "allow-send" }), kind: "identity", message: /alpha-numeric/ },
  { name: "an unknown statement field", text: statementText({ ...identityStatement, Effects: "Allow" }), kind: "identity", message: /Unknown field Effects/ },
];

describe("parsePolicyDocument rejects what AWS rejects", () => {
  for (const r of rejections) {
    it(r.name, () => {
      assert.throws(
        () => parsePolicyDocument(r.text, r.kind),
        (error: unknown) => {
          assert.ok(error instanceof MalformedPolicyError);
          if (typeof r.message === "string") assert.equal(error.message, r.message);
          else assert.match(error.message, r.message);
          return true;
        },
      );
    });
  }
});

describe("parsePolicyDocument accepts valid documents", () => {
  it("normalises a single statement object into a list", () => {
    const doc = parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: identityStatement }), "identity");
    assert.equal(doc.Statement.length, 1);
    assert.equal(doc.Statement[0]?.Action, "sqs:SendMessage");
  });

  it("accepts the Lambda trust policy", () => {
    const doc = parsePolicyDocument(statementText(trustStatement), "trust");
    assert.deepEqual(doc.Statement[0]?.Principal, { Service: "lambda.amazonaws.com" });
  });

  it("accepts a queue policy with a free-form Sid, an account principal and ForAnyValue/IfExists operators", () => {
    const text = JSON.stringify({
      Version: "2008-10-17",
      Id: "__default_policy_ID",
      Statement: [
        {
          Sid: "__allow-topic_1",
          Effect: "Allow",
          Principal: { AWS: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/service-role/worker`] },
          Action: ["sqs:SendMessage"],
          Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
          Condition: { "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["team*"] }, Null: { "aws:SourceArn": "false" } },
        },
      ],
    });
    const doc = parsePolicyDocument(text, "resource");
    assert.equal(doc.Id, "__default_policy_ID");
    assert.equal(doc.Statement[0]?.Sid, "__allow-topic_1");
  });

  it("accepts documents without a Version", () => {
    assert.equal(parsePolicyDocument(JSON.stringify({ Statement: [identityStatement] }), "identity").Version, undefined);
  });
});
