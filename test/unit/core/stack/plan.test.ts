import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildPlan, describePlan, reversedNodes, type PlanNode } from "../../../../src/core/stack/plan.js";
import type { PolicyDocument, PolicyStatement } from "../../../../src/core/stack/policies.js";
import { executionWaves, findCycle } from "../../../../src/core/runner.js";
import { stackConfig } from "../../../../src/core/stack/config.js";

const config = stackConfig({ stack: "eda-demo", account: "123456789012", region: "eu-west-1" });
const plan = buildPlan(config);
const byId = new Map(plan.nodes.map((node) => [node.id, node]));

function node<K extends PlanNode["kind"]>(id: string, kind: K): Extract<PlanNode, { kind: K }> {
  const found = byId.get(id);
  assert.ok(found, `plan has ${id}`);
  assert.equal(found.kind, kind);
  return found as Extract<PlanNode, { kind: K }>;
}

function statements(policy: PolicyDocument): PolicyStatement[] {
  return policy.Statement;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

describe("buildPlan", () => {
  it("declares every resource of the pipeline exactly once", () => {
    const expected = [
      "bucket",
      "topic",
      "topic-policy",
      "bucket-notification",
      ...["inventory", "audit"].flatMap((consumer) =>
        ["dlq", "queue", "queue-policy", "subscription", "log-group", "role", "role-policy", "function", "mapping"].map((kind) => `${kind}:${consumer}`),
      ),
    ];
    assert.deepEqual([...byId.keys()].sort(), expected.sort());
    assert.equal(plan.nodes.length, byId.size, "ids are unique");
  });

  it("orders every dependency AWS needs", () => {
    const dependencies = Object.fromEntries(plan.nodes.map((entry) => [entry.id, [...entry.dependsOn].sort()]));
    assert.deepEqual(dependencies, {
      bucket: [],
      topic: ["bucket"],
      "topic-policy": ["topic"],
      "dlq:inventory": ["bucket"],
      "queue:inventory": ["dlq:inventory"],
      "queue-policy:inventory": ["queue:inventory", "topic"],
      "subscription:inventory": ["queue-policy:inventory", "topic"],
      "log-group:inventory": ["bucket"],
      "role:inventory": ["bucket"],
      "role-policy:inventory": ["role:inventory"],
      "function:inventory": ["log-group:inventory", "role:inventory"],
      "mapping:inventory": ["function:inventory", "queue:inventory", "role-policy:inventory"],
      "dlq:audit": ["bucket"],
      "queue:audit": ["dlq:audit"],
      "queue-policy:audit": ["queue:audit", "topic"],
      "subscription:audit": ["queue-policy:audit", "topic"],
      "log-group:audit": ["bucket"],
      "role:audit": ["bucket"],
      "role-policy:audit": ["role:audit"],
      "function:audit": ["log-group:audit", "role:audit"],
      "mapping:audit": ["function:audit", "queue:audit", "role-policy:audit"],
      "bucket-notification": ["bucket", "subscription:audit", "subscription:inventory", "topic-policy"],
    });
    assert.equal(findCycle(plan.nodes), undefined);
  });

  it("claims the globally unique bucket name before creating anything else", () => {
    const [first, ...rest] = executionWaves(plan.nodes);
    assert.deepEqual(first!.map((entry) => entry.id), ["bucket"]);
    assert.ok(rest.length >= 5);
  });

  it("is a pure function of the stack config", () => {
    assert.deepEqual(buildPlan(stackConfig({ stack: "eda-demo", account: "123456789012", region: "eu-west-1" })), plan);
  });

  it("starts every resource name with the stack name and tags every taggable resource with it", () => {
    const names = [
      node("bucket", "bucket").props.name,
      node("topic", "topic").props.name,
      node("queue:inventory", "queue").props.name,
      node("dlq:audit", "queue").props.name,
      node("role:audit", "role").props.name,
      node("role-policy:audit", "role-policy").props.policyName,
      node("function:inventory", "function").props.name,
      node("bucket-notification", "bucket-notification").props.id,
    ];
    for (const name of names) assert.ok(name.startsWith("eda-demo-"), name);
    assert.equal(node("log-group:audit", "log-group").props.name, "/aws/lambda/eda-demo-audit");
    for (const entry of plan.nodes) {
      if ("tags" in entry.props) assert.deepEqual(entry.props.tags, { "eda:stack": "eda-demo" }, entry.id);
    }
    const tagged = plan.nodes.filter((entry) => "tags" in entry.props).map((entry) => entry.kind);
    for (const kind of ["bucket", "topic", "queue", "log-group", "role", "function", "event-source-mapping"]) assert.ok(tagged.includes(kind as never), kind);
  });

  it("keeps two stacks' resources apart", () => {
    const other = buildPlan(stackConfig({ stack: "eda-other", account: "123456789012", region: "eu-west-1" }));
    const namesOf = (nodes: PlanNode[]) => new Set(nodes.map((entry) => JSON.stringify("name" in entry.props ? entry.props.name : entry.id)));
    const ours = namesOf(plan.nodes.filter((entry) => "name" in entry.props));
    for (const name of namesOf(other.nodes.filter((entry) => "name" in entry.props))) assert.ok(!ours.has(name), name);
  });

  it("configures the queues per AWS guidance for Lambda consumers", () => {
    for (const consumer of ["inventory", "audit"]) {
      const source = node(`queue:${consumer}`, "queue").props;
      const deadLetter = node(`dlq:${consumer}`, "queue").props;
      const fn = node(`function:${consumer}`, "function").props;
      assert.ok(Number(source.attributes.VisibilityTimeout) >= 6 * fn.timeoutSeconds, "visibility timeout >= 6x function timeout");
      const redrive = JSON.parse(source.attributes.RedrivePolicy!) as { deadLetterTargetArn: string; maxReceiveCount: number };
      assert.equal(redrive.deadLetterTargetArn, deadLetter.arn);
      assert.ok(redrive.maxReceiveCount >= 5, "maxReceiveCount >= 5");
      assert.ok(Number(deadLetter.attributes.MessageRetentionPeriod) > Number(source.attributes.MessageRetentionPeriod), "DLQ keeps messages longer");
      assert.deepEqual(JSON.parse(deadLetter.attributes.RedriveAllowPolicy!), { redrivePermission: "byQueue", sourceQueueArns: [source.arn] });
      for (const queue of [source, deadLetter]) {
        assert.equal(queue.attributes.SqsManagedSseEnabled, "true");
        assert.equal(queue.attributes.KmsMasterKeyId, undefined, "no aws/sqs KMS key: SNS could not deliver");
      }
    }
  });

  it("deploys nodejs22.x functions whose environment names their consumer, bucket and results prefix", () => {
    const fn = node("function:audit", "function").props;
    assert.equal(fn.runtime, "nodejs22.x");
    assert.equal(fn.handler, "index.handler");
    assert.equal(fn.roleArn, "arn:aws:iam::123456789012:role/eda-demo-audit-role");
    assert.deepEqual(fn.environment, { EDA_CONSUMER: "audit", EDA_BUCKET: config.bucket.name, EDA_RESULTS_PREFIX: "results/audit/" });
    const mapping = node("mapping:audit", "event-source-mapping").props;
    assert.deepEqual(mapping.functionResponseTypes, ["ReportBatchItemFailures"]);
    assert.equal(mapping.queueArn, "arn:aws:sqs:eu-west-1:123456789012:eda-demo-audit");
    assert.equal(mapping.functionArn, fn.arn);
  });

  it("notifies only for objects created under uploads/, so results never trigger the consumers", () => {
    const notification = node("bucket-notification", "bucket-notification").props;
    assert.deepEqual(notification.events, ["s3:ObjectCreated:*"]);
    assert.equal(notification.prefix, "uploads/");
    assert.equal(notification.topicArn, "arn:aws:sns:eu-west-1:123456789012:eda-demo-uploads");
    for (const consumer of ["inventory", "audit"]) {
      assert.ok(!node(`function:${consumer}`, "function").props.environment.EDA_RESULTS_PREFIX!.startsWith(notification.prefix));
    }
  });
});

describe("plan policies", () => {
  const everyPolicy = plan.nodes.flatMap((entry) => {
    if (entry.kind === "topic-policy" || entry.kind === "queue-policy" || entry.kind === "role-policy") return [entry.props.policy];
    if (entry.kind === "role") return [entry.props.trustPolicy];
    return [];
  });

  it("never grants a bare '*' resource or action", () => {
    assert.equal(everyPolicy.length, 7);
    for (const policy of everyPolicy) {
      for (const statement of statements(policy)) {
        for (const resource of list(statement.Resource)) {
          assert.notEqual(resource, "*");
          assert.match(resource, /^arn:aws:/);
          // Wildcards only below an exact ARN: object keys under a prefix, a log group's streams.
          if (resource.includes("*")) assert.match(resource, /(\/uploads\/\*|\/results\/(inventory|audit)\/\*|:log-group:\/aws\/lambda\/eda-demo-(inventory|audit):\*)$/);
        }
        for (const action of list(statement.Action)) assert.ok(!action.includes("*"), action);
        assert.equal(statement.Effect, "Allow");
      }
    }
  });

  it("lets only S3, from this bucket and account, publish to the topic", () => {
    const [statement, ...others] = statements(node("topic-policy", "topic-policy").props.policy);
    assert.equal(others.length, 0);
    assert.deepEqual(statement!.Principal, { Service: "s3.amazonaws.com" });
    assert.equal(statement!.Action, "SNS:Publish");
    assert.equal(statement!.Resource, config.topic.arn);
    assert.deepEqual(statement!.Condition, {
      ArnLike: { "aws:SourceArn": `arn:aws:s3:::${config.bucket.name}` },
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });

  it("lets only SNS, from this topic, send to each queue", () => {
    for (const consumer of ["inventory", "audit"]) {
      const [statement, ...others] = statements(node(`queue-policy:${consumer}`, "queue-policy").props.policy);
      assert.equal(others.length, 0);
      assert.deepEqual(statement!.Principal, { Service: "sns.amazonaws.com" });
      assert.equal(statement!.Action, "sqs:SendMessage");
      assert.equal(statement!.Resource, `arn:aws:sqs:eu-west-1:123456789012:eda-demo-${consumer}`);
      assert.deepEqual(statement!.Condition, { ArnEquals: { "aws:SourceArn": config.topic.arn } });
    }
  });

  it("gives each role trust for Lambda only", () => {
    for (const consumer of ["inventory", "audit"]) {
      assert.deepEqual(node(`role:${consumer}`, "role").props.trustPolicy, {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      });
    }
  });

  it("gives each consumer its own queue, log group, uploads read and results prefix only", () => {
    for (const [consumer, other] of [
      ["inventory", "audit"],
      ["audit", "inventory"],
    ] as const) {
      const grants = statements(node(`role-policy:${consumer}`, "role-policy").props.policy).map((statement) => ({
        actions: list(statement.Action).sort(),
        resources: list(statement.Resource),
      }));
      assert.deepEqual(grants, [
        {
          actions: ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
          resources: [`arn:aws:sqs:eu-west-1:123456789012:eda-demo-${consumer}`],
        },
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/eda-demo-${consumer}:*`],
        },
        { actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${config.bucket.name}/uploads/*`] },
        { actions: ["s3:PutObject"], resources: [`arn:aws:s3:::${config.bucket.name}/results/${consumer}/*`] },
      ]);
      const text = JSON.stringify(node(`role-policy:${consumer}`, "role-policy").props.policy);
      assert.ok(!text.includes(`eda-demo-${other}`), `${consumer} gets nothing of ${other}`);
      assert.ok(!text.includes("logs:CreateLogGroup"), "the group is pre-created");
    }
  });
});

describe("reversedNodes (teardown order)", () => {
  const reversed = reversedNodes(plan.nodes);

  it("reverses every edge and keeps every node", () => {
    assert.equal(reversed.length, plan.nodes.length);
    for (const entry of plan.nodes) {
      for (const dependency of entry.dependsOn) {
        assert.ok(reversed.find((other) => other.id === dependency)!.dependsOn.includes(entry.id), `${dependency} after ${entry.id}`);
      }
    }
    const edges = (nodes: PlanNode[]) => nodes.reduce((sum, entry) => sum + entry.dependsOn.length, 0);
    assert.equal(edges(reversed), edges(plan.nodes));
  });

  it("removes mappings first and the bucket last", () => {
    const waves = executionWaves(reversed).map((wave) => wave.map((entry) => entry.id));
    const waveOf = (id: string) => waves.findIndex((wave) => wave.includes(id));
    assert.deepEqual(waves.at(-1), ["bucket"]);
    assert.ok(waveOf("mapping:inventory") < waveOf("function:inventory"));
    assert.ok(waveOf("function:inventory") < waveOf("log-group:inventory"));
    assert.ok(waveOf("function:audit") < waveOf("role:audit"));
    assert.ok(waveOf("role-policy:audit") < waveOf("role:audit"));
    assert.ok(waveOf("bucket-notification") < waveOf("topic"));
    assert.ok(waveOf("subscription:inventory") < waveOf("queue:inventory"));
    assert.ok(waveOf("mapping:audit") < waveOf("queue:audit"));
    assert.ok(waveOf("queue:audit") < waveOf("dlq:audit"));
  });
});

describe("describePlan (--dry-run)", () => {
  const text = describePlan(plan).join("\n");

  it("lists every resource in waves and prints every policy document", () => {
    for (const entry of plan.nodes) assert.ok(text.includes(entry.id), entry.id);
    assert.match(text, /step 1:\n {4}bucket +bucket +eda-demo-123456789012-eu-west-1/);
    assert.ok(text.includes('"Service": "s3.amazonaws.com"'));
    assert.ok(text.includes('"Service": "sns.amazonaws.com"'));
    assert.ok(text.includes('"Service": "lambda.amazonaws.com"'));
    assert.ok(text.includes("results/audit/*"));
    assert.ok(text.includes('"maxReceiveCount": 5'));
  });

  it("prints the teardown order with the edges reversed", () => {
    const teardownText = describePlan(plan, "teardown");
    const firstStep = teardownText.indexOf("  step 1:");
    assert.ok(teardownText[firstStep + 1]!.includes("mapping:"));
    assert.ok(teardownText.join("\n").includes("order (teardown"));
  });
});
