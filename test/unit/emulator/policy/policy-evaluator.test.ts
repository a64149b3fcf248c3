import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicyDocument, PolicyStatement } from "../../../../src/emulator/policy/policy-document.js";
import { evaluatePolicy, type ContextValue, type Decision } from "../../../../src/emulator/policy/policy-evaluator.js";
import { adminPrincipal, roleSessionPrincipal, servicePrincipal, type Principal } from "../../../../src/emulator/policy/principal.js";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:q1`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:t`;
const ROLE_ID = "AROAEXAMPLEROLEID0001";

const worker = roleSessionPrincipal(ACCOUNT, "worker", ROLE_ID, "session-1");
const otherRole = roleSessionPrincipal(ACCOUNT, "auditor", "AROAEXAMPLEROLEID0002", "session-1");
const foreign = roleSessionPrincipal(OTHER_ACCOUNT, "worker", "AROAEXAMPLEROLEID0003", "session-1");
const snsService = servicePrincipal("sns.amazonaws.com", ACCOUNT, TOPIC);
const s3Service = servicePrincipal("s3.amazonaws.com", ACCOUNT, "arn:aws:s3:::uploads");
const root = adminPrincipal(ACCOUNT);

interface Case {
  name: string;
  statements: Partial<PolicyStatement>[];
  action?: string;
  resource?: string;
  principal?: Principal;
  context?: Record<string, ContextValue>;
  /** Resource policies check Principal; identity policies do not. */
  kind?: "identity" | "resource";
  expected: Decision;
}

/** A statement defaults to Allow sqs:SendMessage on the queue; cases override what they test. */
function statement(overrides: Partial<PolicyStatement>): PolicyStatement {
  const base: PolicyStatement = { Effect: "Allow" };
  if (overrides.Action === undefined && overrides.NotAction === undefined) base.Action = "sqs:SendMessage";
  if (overrides.Resource === undefined && overrides.NotResource === undefined) base.Resource = QUEUE;
  return { ...base, ...overrides };
}

function decide(c: Case): Decision {
  const kind = c.kind ?? "identity";
  const doc: PolicyDocument = {
    Version: "2012-10-17",
    Statement: c.statements.map((s) =>
      statement(kind === "resource" && s.Principal === undefined && s.NotPrincipal === undefined ? { Principal: "*", ...s } : s),
    ),
  };
  return evaluatePolicy(
    doc,
    { action: c.action ?? "sqs:SendMessage", resource: c.resource ?? QUEUE, principal: c.principal ?? worker, context: c.context },
    { checkPrincipal: kind === "resource" },
  );
}

const actionCases: Case[] = [
  { name: "exact action", statements: [{ Action: "sqs:SendMessage" }], expected: "allow" },
  { name: "action names ignore case", statements: [{ Action: "SQS:sendmessage" }], expected: "allow" },
  { name: "service wildcard", statements: [{ Action: "sqs:*" }], expected: "allow" },
  { name: "prefix wildcard matches a longer action", statements: [{ Action: "sqs:Send*" }], action: "sqs:SendMessageBatch", expected: "allow" },
  { name: "prefix wildcard does not match other actions", statements: [{ Action: "sqs:Send*" }], action: "sqs:ReceiveMessage", expected: "neutral" },
  { name: "? matches exactly one character", statements: [{ Action: "sqs:?eleteMessage" }], action: "sqs:DeleteMessage", expected: "allow" },
  { name: "? does not match two characters", statements: [{ Action: "sqs:?eleteMessage" }], action: "sqs:UndeleteMessage", expected: "neutral" },
  { name: "other service's wildcard", statements: [{ Action: "sns:*" }], expected: "neutral" },
  { name: "bare * matches every action", statements: [{ Action: "*" }], action: "logs:PutLogEvents", expected: "allow" },
  { name: "any action of a list", statements: [{ Action: ["sqs:ReceiveMessage", "sqs:SendMessage"] }], expected: "allow" },
  { name: "NotAction allows what it does not name", statements: [{ NotAction: "sqs:DeleteQueue" }], expected: "allow" },
  { name: "NotAction excludes what it names", statements: [{ NotAction: "sqs:DeleteQueue" }], action: "sqs:DeleteQueue", expected: "neutral" },
  { name: "NotAction wildcard excludes a whole service", statements: [{ NotAction: "iam:*", Resource: "*" }], action: "iam:CreateRole", expected: "neutral" },
  {
    name: "Deny with NotAction denies everything outside the list",
    statements: [{ Action: "*", Resource: "*" }, { Effect: "Deny", NotAction: "sqs:*", Resource: "*" }],
    action: "sns:Publish",
    resource: TOPIC,
    expected: "deny",
  },
];

const resourceCases: Case[] = [
  { name: "exact resource ARN", statements: [{ Resource: QUEUE }], expected: "allow" },
  { name: "another queue's ARN", statements: [{ Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q2` }], expected: "neutral" },
  { name: "resource ARNs are case-sensitive", statements: [{ Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:Q1` }], expected: "neutral" },
  { name: "* wildcards in ARN segments", statements: [{ Resource: `arn:aws:sqs:*:${ACCOUNT}:*` }], expected: "allow" },
  { name: "? in a resource matches one character", statements: [{ Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q?` }], expected: "allow" },
  {
    name: "? in a resource does not match two characters",
    statements: [{ Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q?` }],
    resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q10`,
    expected: "neutral",
  },
  {
    name: "a log group's :* covers its streams",
    statements: [{ Action: "logs:PutLogEvents", Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f:*` }],
    action: "logs:PutLogEvents",
    resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f:log-stream:2026/01/01/[$LATEST]abc`,
    expected: "allow",
  },
  {
    name: "a log group's :* does not cover a group with a longer name",
    statements: [{ Action: "logs:PutLogEvents", Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f:*` }],
    action: "logs:PutLogEvents",
    resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f2:log-stream:x`,
    expected: "neutral",
  },
  { name: "NotResource allows other resources", statements: [{ NotResource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q2` }], expected: "allow" },
  { name: "NotResource excludes the named resource", statements: [{ NotResource: QUEUE }], expected: "neutral" },
  { name: "any resource of a list", statements: [{ Resource: [TOPIC, QUEUE] }], expected: "allow" },
];

const principalCases: Case[] = [
  { name: "Principal * admits a role session", kind: "resource", statements: [{ Principal: "*" }], expected: "allow" },
  { name: "Principal * admits a service", kind: "resource", statements: [{ Principal: "*" }], principal: snsService, expected: "allow" },
  { name: "AWS * admits a role session", kind: "resource", statements: [{ Principal: { AWS: "*" } }], expected: "allow" },
  { name: "AWS account id admits the account's sessions", kind: "resource", statements: [{ Principal: { AWS: ACCOUNT } }], expected: "allow" },
  { name: "AWS account id admits the account's root", kind: "resource", statements: [{ Principal: { AWS: ACCOUNT } }], principal: root, expected: "allow" },
  { name: "AWS account id does not admit another account", kind: "resource", statements: [{ Principal: { AWS: ACCOUNT } }], principal: foreign, expected: "neutral" },
  { name: "account root ARN admits the account's sessions", kind: "resource", statements: [{ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }], expected: "allow" },
  { name: "role ARN admits that role's sessions", kind: "resource", statements: [{ Principal: { AWS: worker.roleArn } }], expected: "allow" },
  { name: "role ARN does not admit another role", kind: "resource", statements: [{ Principal: { AWS: worker.roleArn } }], principal: otherRole, expected: "neutral" },
  { name: "role unique id admits that role's sessions", kind: "resource", statements: [{ Principal: { AWS: ROLE_ID } }], expected: "allow" },
  { name: "assumed-role session ARN admits that session", kind: "resource", statements: [{ Principal: { AWS: worker.arn } }], expected: "allow" },
  {
    name: "assumed-role session ARN does not admit another session of the role",
    kind: "resource",
    statements: [{ Principal: { AWS: worker.arn } }],
    principal: roleSessionPrincipal(ACCOUNT, "worker", ROLE_ID, "session-2"),
    expected: "neutral",
  },
  { name: "Service admits that service", kind: "resource", statements: [{ Principal: { Service: "sns.amazonaws.com" } }], principal: snsService, expected: "allow" },
  { name: "Service does not admit another service", kind: "resource", statements: [{ Principal: { Service: "sns.amazonaws.com" } }], principal: s3Service, expected: "neutral" },
  { name: "Service does not admit a role session", kind: "resource", statements: [{ Principal: { Service: "sns.amazonaws.com" } }], expected: "neutral" },
  { name: "AWS account id does not admit a service", kind: "resource", statements: [{ Principal: { AWS: ACCOUNT } }], principal: snsService, expected: "neutral" },
  { name: "one of several principal types", kind: "resource", statements: [{ Principal: { AWS: worker.roleArn, Service: "s3.amazonaws.com" } }], principal: s3Service, expected: "allow" },
  {
    name: "NotPrincipal Deny denies everyone not named",
    kind: "resource",
    statements: [{ Principal: "*" }, { Effect: "Deny", NotPrincipal: { AWS: worker.roleArn } }],
    principal: otherRole,
    expected: "deny",
  },
  {
    name: "NotPrincipal Deny spares the named principal",
    kind: "resource",
    statements: [{ Principal: "*" }, { Effect: "Deny", NotPrincipal: { AWS: worker.roleArn } }],
    expected: "allow",
  },
];

const conditionCases: Case[] = [
  { name: "StringEquals match", statements: [{ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }], context: { "aws:SourceAccount": ACCOUNT }, expected: "allow" },
  { name: "StringEquals mismatch", statements: [{ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }], context: { "aws:SourceAccount": OTHER_ACCOUNT }, expected: "neutral" },
  { name: "StringEquals is case-sensitive", statements: [{ Condition: { StringEquals: { "s3:prefix": "Uploads/" } } }], context: { "s3:prefix": "uploads/" }, expected: "neutral" },
  { name: "StringNotEquals holds for a different value", statements: [{ Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } } }], context: { "aws:SourceAccount": OTHER_ACCOUNT }, expected: "allow" },
  { name: "StringNotEquals fails for the same value", statements: [{ Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } } }], context: { "aws:SourceAccount": ACCOUNT }, expected: "neutral" },
  { name: "StringEqualsIgnoreCase", statements: [{ Condition: { StringEqualsIgnoreCase: { "s3:prefix": "Uploads/" } } }], context: { "s3:prefix": "UPLOADS/" }, expected: "allow" },
  { name: "StringNotEqualsIgnoreCase fails on a case variant", statements: [{ Condition: { StringNotEqualsIgnoreCase: { "s3:prefix": "Uploads/" } } }], context: { "s3:prefix": "uploads/" }, expected: "neutral" },
  { name: "StringLike with * and ?", statements: [{ Condition: { StringLike: { "s3:prefix": "up?oads/*" } } }], context: { "s3:prefix": "uploads/2026/a.json" }, expected: "allow" },
  { name: "StringLike is case-sensitive", statements: [{ Condition: { StringLike: { "s3:prefix": "uploads/*" } } }], context: { "s3:prefix": "Uploads/a" }, expected: "neutral" },
  { name: "StringNotLike fails on a match", statements: [{ Condition: { StringNotLike: { "s3:prefix": "private/*" } } }], context: { "s3:prefix": "private/x" }, expected: "neutral" },
  { name: "StringNotLike holds otherwise", statements: [{ Condition: { StringNotLike: { "s3:prefix": "private/*" } } }], context: { "s3:prefix": "public/x" }, expected: "allow" },
  { name: "ArnEquals exact", statements: [{ Condition: { ArnEquals: { "aws:SourceArn": TOPIC } } }], context: { "aws:SourceArn": TOPIC }, expected: "allow" },
  { name: "ArnEquals mismatch", statements: [{ Condition: { ArnEquals: { "aws:SourceArn": TOPIC } } }], context: { "aws:SourceArn": `${TOPIC}2` }, expected: "neutral" },
  { name: "ArnLike * matches empty region and account segments", statements: [{ Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:*:*:uploads" } } }], context: { "aws:SourceArn": "arn:aws:s3:::uploads" }, expected: "allow" },
  {
    name: "ArnLike * stays within its segment",
    statements: [{ Condition: { ArnLike: { "aws:SourceArn": `arn:aws:sns:*:${ACCOUNT}:t` } } }],
    context: { "aws:SourceArn": `arn:aws:sns:us-east-1:${OTHER_ACCOUNT}:t` },
    expected: "neutral",
  },
  { name: "ArnLike ? in the region segment", statements: [{ Condition: { ArnLike: { "aws:SourceArn": `arn:aws:sns:us-east-?:${ACCOUNT}:t` } } }], context: { "aws:SourceArn": TOPIC }, expected: "allow" },
  {
    name: "ArnLike resource segment keeps its colons",
    statements: [{ Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/*:*` } } }],
    context: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f:log-stream:s` },
    expected: "allow",
  },
  { name: "ArnNotEquals holds for another ARN", statements: [{ Condition: { ArnNotEquals: { "aws:SourceArn": TOPIC } } }], context: { "aws:SourceArn": `${TOPIC}2` }, expected: "allow" },
  { name: "ArnNotLike fails on a match", statements: [{ Condition: { ArnNotLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } } }], context: { "aws:SourceArn": TOPIC }, expected: "neutral" },
  { name: "IfExists holds when the key is absent", statements: [{ Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } } }], expected: "allow" },
  { name: "IfExists still compares a present key", statements: [{ Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } } }], context: { "aws:SourceAccount": OTHER_ACCOUNT }, expected: "neutral" },
  { name: "ArnLikeIfExists holds when absent", statements: [{ Condition: { ArnLikeIfExists: { "aws:SourceArn": TOPIC } } }], expected: "allow" },
  { name: "missing key: positive operator fails", statements: [{ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }], expected: "neutral" },
  { name: "missing key: StringNotEquals holds", statements: [{ Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } } }], expected: "allow" },
  { name: "missing key: ArnNotLike holds", statements: [{ Condition: { ArnNotLike: { "aws:SourceArn": TOPIC } } }], expected: "allow" },
  { name: "missing key: ArnLike fails", statements: [{ Condition: { ArnLike: { "aws:SourceArn": "*" } } }], expected: "neutral" },
  { name: "Null true holds when absent", statements: [{ Condition: { Null: { "aws:SourceArn": "true" } } }], expected: "allow" },
  { name: "Null true fails when present", statements: [{ Condition: { Null: { "aws:SourceArn": "true" } } }], context: { "aws:SourceArn": TOPIC }, expected: "neutral" },
  { name: "Null false holds when present", statements: [{ Condition: { Null: { "aws:SourceArn": false } } }], context: { "aws:SourceArn": TOPIC }, expected: "allow" },
  { name: "Bool true", statements: [{ Condition: { Bool: { "aws:SecureTransport": "true" } } }], context: { "aws:SecureTransport": "true" }, expected: "allow" },
  { name: "Bool with a JSON boolean", statements: [{ Condition: { Bool: { "aws:SecureTransport": true } } }], context: { "aws:SecureTransport": "false" }, expected: "neutral" },
  { name: "NumericLessThan", statements: [{ Condition: { NumericLessThan: { "s3:max-keys": "10" } } }], context: { "s3:max-keys": "9" }, expected: "allow" },
  { name: "NumericLessThan at the boundary", statements: [{ Condition: { NumericLessThan: { "s3:max-keys": "10" } } }], context: { "s3:max-keys": "10" }, expected: "neutral" },
  { name: "NumericGreaterThanEquals at the boundary", statements: [{ Condition: { NumericGreaterThanEquals: { "s3:max-keys": 10 } } }], context: { "s3:max-keys": "10" }, expected: "allow" },
  { name: "Numeric compares numbers, not text", statements: [{ Condition: { NumericEquals: { "s3:max-keys": "10" } } }], context: { "s3:max-keys": "10.0" }, expected: "allow" },
  { name: "Numeric never matches a non-number", statements: [{ Condition: { NumericEquals: { "s3:max-keys": "10" } } }], context: { "s3:max-keys": "ten" }, expected: "neutral" },
  { name: "NumericNotEquals", statements: [{ Condition: { NumericNotEquals: { "s3:max-keys": "10" } } }], context: { "s3:max-keys": "11" }, expected: "allow" },
  { name: "DateGreaterThan ISO 8601", statements: [{ Condition: { DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } } }], context: { "aws:CurrentTime": "2026-06-01T12:00:00Z" }, expected: "allow" },
  { name: "DateLessThan mixes epoch seconds and ISO", statements: [{ Condition: { DateLessThan: { "aws:EpochTime": "2026-01-01T00:00:00Z" } } }], context: { "aws:EpochTime": String(Date.UTC(2027, 0, 1) / 1000) }, expected: "neutral" },
  { name: "IpAddress IPv4 CIDR", statements: [{ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }], context: { "aws:SourceIp": "10.20.30.40" }, expected: "allow" },
  { name: "IpAddress outside the block", statements: [{ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }], context: { "aws:SourceIp": "11.0.0.1" }, expected: "neutral" },
  { name: "NotIpAddress", statements: [{ Condition: { NotIpAddress: { "aws:SourceIp": "192.0.2.0/24" } } }], context: { "aws:SourceIp": "127.0.0.1" }, expected: "allow" },
  { name: "IpAddress IPv6 CIDR", statements: [{ Condition: { IpAddress: { "aws:SourceIp": "2001:db8::/32" } } }], context: { "aws:SourceIp": "2001:db8:0:1::5" }, expected: "allow" },
  { name: "ForAnyValue: one element matches", statements: [{ Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team", "cost"] } } }], context: { "aws:TagKeys": ["owner", "team"] }, expected: "allow" },
  { name: "ForAnyValue: no element matches", statements: [{ Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } } }], context: { "aws:TagKeys": ["owner"] }, expected: "neutral" },
  { name: "ForAnyValue: absent key fails", statements: [{ Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } } }], expected: "neutral" },
  { name: "ForAnyValue:StringNotEquals: one element outside the set", statements: [{ Condition: { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["team"] } } }], context: { "aws:TagKeys": ["team", "owner"] }, expected: "allow" },
  { name: "ForAllValues: every element in the set", statements: [{ Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "cost"] } } }], context: { "aws:TagKeys": ["cost", "team"] }, expected: "allow" },
  { name: "ForAllValues: one element outside the set", statements: [{ Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } }], context: { "aws:TagKeys": ["team", "owner"] }, expected: "neutral" },
  { name: "ForAllValues: absent key holds", statements: [{ Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } }], expected: "allow" },
  { name: "ForAllValues:StringNotLike: no element matches", statements: [{ Condition: { "ForAllValues:StringNotLike": { "aws:TagKeys": ["aws:*"] } } }], context: { "aws:TagKeys": ["team"] }, expected: "allow" },
  { name: "several values of one key are alternatives", statements: [{ Condition: { StringEquals: { "aws:SourceAccount": [OTHER_ACCOUNT, ACCOUNT] } } }], context: { "aws:SourceAccount": ACCOUNT }, expected: "allow" },
  {
    name: "several keys must all hold",
    statements: [{ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:PrincipalType": "AssumedRole" } } }],
    context: { "aws:SourceAccount": ACCOUNT, "aws:PrincipalType": "AssumedRole" },
    expected: "allow",
  },
  {
    name: "several keys: one failing key fails the statement",
    statements: [{ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:PrincipalType": "AssumedRole" } } }],
    context: { "aws:SourceAccount": ACCOUNT, "aws:PrincipalType": "Account" },
    expected: "neutral",
  },
  {
    name: "several operators must all hold",
    statements: [{ Condition: { ArnEquals: { "aws:SourceArn": TOPIC }, StringEquals: { "aws:SourceAccount": ACCOUNT } } }],
    context: { "aws:SourceArn": TOPIC, "aws:SourceAccount": OTHER_ACCOUNT },
    expected: "neutral",
  },
  { name: "condition keys ignore case", statements: [{ Condition: { ArnEquals: { "AWS:SourceArn": TOPIC } } }], context: { "aws:sourcearn": TOPIC }, expected: "allow" },
  { name: "operator names ignore case", statements: [{ Condition: { stringequals: { "aws:SourceAccount": ACCOUNT } } }], context: { "aws:SourceAccount": ACCOUNT }, expected: "allow" },
];

const effectCases: Case[] = [
  { name: "a matching Deny beats a matching Allow", statements: [{}, { Effect: "Deny" }], expected: "deny" },
  {
    name: "a Deny whose condition fails leaves the Allow",
    statements: [{}, { Effect: "Deny", Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } } }],
    context: { "aws:SourceAccount": ACCOUNT },
    expected: "allow",
  },
  { name: "no statement applies", statements: [{ Action: "sqs:DeleteQueue" }], expected: "neutral" },
  { name: "a Deny alone denies", statements: [{ Effect: "Deny", Action: "sqs:*" }], expected: "deny" },
];

for (const [group, cases] of [
  ["Action and NotAction", actionCases],
  ["Resource and NotResource", resourceCases],
  ["Principal and NotPrincipal", principalCases],
  ["Condition operators", conditionCases],
  ["Effects", effectCases],
] as const) {
  describe(`policy evaluator: ${group}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        assert.equal(decide(c), c.expected);
      });
    }
  });
}

