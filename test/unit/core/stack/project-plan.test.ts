/**
 * The plan of a project's consumers: key filters as SNS filter policies on
 * the message body, source maps switched on, and each role holding only
 * what its consumer declares, decided by the emulator's IAM evaluator.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildPlan, type PlanNode } from "../../../../src/core/stack/plan.js";
import { CONSUMER_DEFAULTS, stackConfig, type ConsumerSpec } from "../../../../src/core/stack/config.js";
import { authorize } from "../../../../src/emulator/policy/authorizer.js";
import type { PolicyDocument } from "../../../../src/emulator/policy/policy-document.js";
import { roleSessionPrincipal } from "../../../../src/emulator/policy/principal.js";
import { FilterPolicy } from "../../../../src/emulator/services/sns/filter-policy.js";

const ACCOUNT = "123456789012";

function consumer(name: string, fields: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return {
    name,
    code: { kind: "project", projectRoot: "/p", entry: `/p/consumers/${name}/index.ts`, exportName: "handler" },
    settings: CONSUMER_DEFAULTS,
    environment: {},
    filter: {},
    permissions: { read: [], write: [] },
    statements: [],
    ...fields,
  };
}

const specs = [
  consumer("thumbs", { filter: { prefix: "uploads/images/" }, permissions: { read: ["uploads/images/"], write: ["results/thumbs/"] }, environment: { NODE_OPTIONS: "--max-semi-space-size=16" } }),
  consumer("json", { filter: { suffix: ".json" }, permissions: { read: ["uploads/"], write: [] }, statements: [{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders` }] }),
  consumer("all"),
];
const config = stackConfig({ stack: "shop", account: ACCOUNT, region: "us-east-1", consumers: specs });
const nodes = buildPlan(config).nodes;
const node = <K extends PlanNode["kind"]>(id: string, kind: K) => {
  const found = nodes.find((candidate) => candidate.id === id);
  assert.ok(found && found.kind === kind, `plan has ${id}`);
  return found as Extract<PlanNode, { kind: K }>;
};

/** An S3 event as SNS delivers it in the message body; keys URL-encoded as S3 does. */
const s3Message = (key: string) => JSON.stringify({ Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: "b" }, object: { key } } }] });

describe("a project's plan", () => {
  it("has a queue, DLQ, subscription, role, policy, log group, function and mapping per consumer", () => {
    for (const name of ["thumbs", "json", "all"]) {
      for (const id of ["dlq", "queue", "queue-policy", "subscription", "log-group", "role", "role-policy", "function", "mapping"]) {
        assert.ok(nodes.some((candidate) => candidate.id === `${id}:${name}`), `${id}:${name}`);
      }
    }
  });

  it("filters each subscription on the S3 event's key, which SNS matches as the emulator does", () => {
    const prefix = node("subscription:thumbs", "subscription").props.filterPolicy;
    const suffix = node("subscription:json", "subscription").props.filterPolicy;
    assert.deepEqual(prefix, { Records: { s3: { object: { key: [{ prefix: "uploads/images/" }] } } } });
    assert.deepEqual(suffix, { Records: { s3: { object: { key: [{ suffix: ".json" }] } } } });
    assert.equal(node("subscription:all", "subscription").props.filterPolicy, undefined);
    const byPrefix = FilterPolicy.parse(JSON.stringify(prefix), "MessageBody", "");
    const bySuffix = FilterPolicy.parse(JSON.stringify(suffix), "MessageBody", "");
    assert.ok(byPrefix.matchesBody(s3Message("uploads/images/cat.png")));
    assert.ok(!byPrefix.matchesBody(s3Message("uploads/docs/cat.png")));
    assert.ok(bySuffix.matchesBody(s3Message("uploads/a/order.json")));
    assert.ok(!bySuffix.matchesBody(s3Message("uploads/a/order.json.txt")));
    assert.ok(!bySuffix.matchesBody(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent" })), "the test event reaches no filtered consumer");
  });

  it("runs project functions with source maps, keeping the user's NODE_OPTIONS", () => {
    assert.equal(node("function:thumbs", "function").props.environment.NODE_OPTIONS, "--enable-source-maps --max-semi-space-size=16");
    assert.equal(node("function:all", "function").props.environment.NODE_OPTIONS, "--enable-source-maps");
    const builtin = buildPlan(stackConfig({ stack: "shop", account: ACCOUNT, region: "us-east-1" })).nodes.find((candidate) => candidate.id === "function:inventory");
    assert.ok(builtin?.kind === "function" && builtin.props.environment.NODE_OPTIONS === undefined, "the built-in consumers are unchanged");
  });
});

describe("least privilege from the declared permissions, decided by the emulator's IAM evaluator", () => {
  const bucket = config.bucket.arn;
  const decide = (name: string, action: string, resource: string): boolean => {
    const names = config.consumers[name]!;
    const policy = node(`role-policy:${name}`, "role-policy").props.policy as PolicyDocument;
    const principal = roleSessionPrincipal(ACCOUNT, names.role, "AROAPROJECTTEST00001", names.function);
    return authorize({ principal, action, resource }, { identityPolicies: () => [policy], resourcePolicy: () => undefined }).allowed;
  };
  const cases: [string, string, string, boolean][] = [
    ["thumbs", "s3:GetObject", `${bucket}/uploads/images/cat.png`, true],
    ["thumbs", "s3:GetObject", `${bucket}/uploads/docs/a.pdf`, false],
    ["thumbs", "s3:PutObject", `${bucket}/results/thumbs/cat.png`, true],
    ["thumbs", "s3:PutObject", `${bucket}/results/json/cat.png`, false],
    ["thumbs", "s3:PutObject", `${bucket}/uploads/images/cat.png`, false],
    ["thumbs", "s3:DeleteObject", `${bucket}/results/thumbs/cat.png`, false],
    ["json", "s3:GetObject", `${bucket}/uploads/a/order.json`, true],
    ["json", "s3:PutObject", `${bucket}/results/json/order.json`, false],
    ["json", "dynamodb:PutItem", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, true],
    ["json", "dynamodb:PutItem", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/other`, false],
    ["all", "s3:GetObject", `${bucket}/uploads/a.txt`, false],
    ["all", "s3:PutObject", `${bucket}/results/all/a.txt`, false],
    ["all", "sqs:ReceiveMessage", config.consumers.all!.queueArn, true],
    ["all", "sqs:ReceiveMessage", config.consumers.json!.queueArn, false],
    ["all", "logs:PutLogEvents", `${config.consumers.all!.logGroupStreamsArn.replace(/:\*$/, "")}:log-stream:s`, true],
    ["all", "logs:PutLogEvents", `${config.consumers.json!.logGroupStreamsArn.replace(/:\*$/, "")}:log-stream:s`, false],
  ];
  for (const [name, action, resource, allowed] of cases) {
    it(`${name} ${allowed ? "may" : "may not"} ${action} on ${resource.replace(/^arn:aws:[a-z0-9]+:[^:]*:[^:]*:/, "")}`, () => {
      assert.equal(decide(name, action, resource), allowed);
    });
  }
});
