/**
 * Least privilege of the consumers' execution roles, decided by the
 * emulator's IAM evaluator: first against the documents the plan deploys
 * (identity policy plus the queue and topic resource policies), then, after a
 * real `setup` on the emulator, against what IAM, SQS, SNS and S3 actually
 * hold, through the emulator's own authorisation path. Last, a consumer
 * deployed without one permission fails at run time as it would on AWS.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { setup } from "../../src/core/provision/setup.js";
import { buildPlan, type PlanNode } from "../../src/core/stack/plan.js";
import { consumerPolicyFor, samePolicy, parsePolicy } from "../../src/core/stack/policies.js";
import { BUILTIN_CONSUMERS, stackConfig, type Consumer, type StackConfig } from "../../src/core/stack/config.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { authorize } from "../../src/emulator/policy/authorizer.js";
import type { PolicyDocument } from "../../src/emulator/policy/policy-document.js";
import { roleSessionPrincipal } from "../../src/emulator/policy/principal.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";
import { checkResultKeys, consumerLogLines, queueDepth, resultKey, shortenVisibility, uploadObjects, waitForResults } from "../../bench/lib/workloads/pipeline-checks.js";
import { coreContext, emulatorStack } from "../../bench/lib/workloads/pipeline.js";
import { ensureHandlerBundles } from "../helpers/cli.js";
import { type PrivilegeCase, privilegeMatrix } from "../helpers/privilege-matrix.js";

const STACK = "eda-privilege";

/** The documents the plan gives each kind of resource, by the ARN they protect. */
function plannedPolicies(nodes: readonly PlanNode[], config: StackConfig) {
  const identity = new Map<string, PolicyDocument>();
  const resource = new Map<string, PolicyDocument>();
  for (const node of nodes) {
    if (node.kind === "role-policy") identity.set(node.props.roleName, node.props.policy as PolicyDocument);
    if (node.kind === "topic-policy") resource.set(node.props.topicArn, node.props.policy as PolicyDocument);
    if (node.kind === "queue-policy") {
      const consumer = BUILTIN_CONSUMERS.find((c) => config.consumers[c].queue === node.props.queueName)!;
      resource.set(config.consumers[consumer].queueArn, node.props.policy as PolicyDocument);
    }
  }
  return { identity, resource };
}

function failures(cases: readonly PrivilegeCase[], decide: (c: PrivilegeCase) => boolean): string[] {
  return cases
    .filter((c) => decide(c) !== c.allowed)
    .map((c) => `${c.allowed ? "denied" : "allowed"} ${c.action} on ${c.resource} (${c.what})`);
}

describe("execution roles: the planned policies, evaluated by the emulator's IAM evaluator", () => {
  const config = stackConfig({ stack: STACK, account: TEST_ACCOUNT, region: TEST_REGION });
  const { identity, resource } = plannedPolicies(buildPlan(config).nodes, config);

  for (const consumer of BUILTIN_CONSUMERS) {
    it(`${consumer}: only its own queue, log group, uploads (read) and results prefix (write)`, (t) => {
      const names = config.consumers[consumer];
      const principal = roleSessionPrincipal(TEST_ACCOUNT, names.role, "AROAPRIVILEGETEST0001", names.function);
      const policy = identity.get(names.role);
      assert.ok(policy, `the plan has an inline policy for ${names.role}`);
      const cases = privilegeMatrix(config, consumer);
      const decide = (c: PrivilegeCase) =>
        authorize(
          { principal, action: c.action, resource: c.resource },
          { identityPolicies: () => [policy], resourcePolicy: (arn) => resource.get(arn) },
        ).allowed;
      assert.deepEqual(failures(cases, decide), []);
      const allowed = cases.filter((c) => c.allowed).length;
      t.diagnostic(`${consumer}: ${cases.length} action/resource pairs, ${allowed} allowed, ${cases.length - allowed} denied, all as intended`);
    });
  }
});

describe("execution roles: what setup deployed, authorised by the running emulator", () => {
  let emulator: RunningEmulator;
  let config: StackConfig;
  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
    const { ctx, dispose } = coreContext(emulator.endpoint, STACK);
    try {
      const result = await setup(ctx);
      assert.ok(result.ok, result.summary);
    } finally {
      dispose();
    }
    config = stackConfig({ stack: STACK, account: TEST_ACCOUNT, region: TEST_REGION });
  });
  after(async () => {
    await emulator?.stop();
  });

  for (const consumer of BUILTIN_CONSUMERS as readonly Consumer[]) {
    it(`${consumer}: IAM holds the planned policy and the emulator allows only the intended pairs`, async (t) => {
      const names = config.consumers[consumer];
      const iam = new IAMClient(clientConfig(emulator));
      const stored = await iam.send(new GetRolePolicyCommand({ RoleName: names.role, PolicyName: names.rolePolicy }));
      const planned = buildPlan(config).nodes.find((node) => node.kind === "role-policy" && node.props.roleName === names.role);
      assert.ok(planned?.kind === "role-policy");
      assert.ok(samePolicy(parsePolicy(stored.PolicyDocument), planned.props.policy), "the deployed policy is the planned one");

      const session = roleSession(emulator.hub, names.roleArn, names.function);
      assert.ok(session, `role ${names.role} exists`);
      const cases = privilegeMatrix(config, consumer);
      const decide = (c: PrivilegeCase) => emulator.hub.check(c.action.split(":")[0]!, { action: c.action, resource: c.resource }, session).allowed;
      assert.deepEqual(failures(cases, decide), []);
      t.diagnostic(`${consumer}: ${cases.length} pairs checked against the deployed role, queue, topic and bucket policies`);
    });
  }
});

describe("a consumer whose role lacks s3:PutObject on its results prefix", () => {
  const stack = "eda-denied";
  const config = emulatorStack(stack);
  let emulator: RunningEmulator;

  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
    const { ctx, dispose } = coreContext(emulator.endpoint, stack);
    try {
      assert.ok((await setup(ctx)).ok);
    } finally {
      dispose();
    }
  });
  after(async () => {
    await emulator?.stop();
  });

  it("fails every delivery with AccessDenied in its logs, dead-letters the message, and leaves the other consumer alone", async (t) => {
    const { ctx, dispose } = coreContext(emulator.endpoint, stack);
    const clients = ctx.clients;
    try {
      const names = config.consumers.inventory;
      const planned = consumerPolicyFor(config, "inventory");
      const withoutResults = { ...planned, Statement: planned.Statement.filter((statement) => statement.Sid !== "WriteOwnResults") };
      assert.equal(withoutResults.Statement.length, planned.Statement.length - 1);
      await clients.iam.send(new PutRolePolicyCommand({ RoleName: names.role, PolicyName: names.rolePolicy, PolicyDocument: JSON.stringify(withoutResults) }));
      await shortenVisibility(clients, config, 1);

      const run = `denied-${Date.now().toString(36)}`;
      const [object] = await uploadObjects(clients, config, run, 1);
      const audit = await waitForResults(clients, config, run, [object!], { timeoutMs: 30_000, consumers: ["audit"] });
      assert.deepEqual(audit.missing.audit, [], "audit, whose role is intact, writes its result");

      const deadline = Date.now() + 60_000;
      while ((await queueDepth(clients, names.deadLetterQueue)) < 1 && Date.now() < deadline) await sleep(250);
      assert.equal(await queueDepth(clients, names.deadLetterQueue), 1, "the message reached the inventory DLQ");
      assert.equal(await queueDepth(clients, config.consumers.audit.deadLetterQueue), 0, "nothing of audit's did");
      assert.deepEqual((await checkResultKeys(clients, config, run, [object!])).missing.inventory, [resultKey(config, "inventory", object!.key)], "no inventory result");

      const failures = (await consumerLogLines(clients, config, "inventory")).filter((line) => line.outcome === "failed");
      assert.deepEqual(failures.map((line) => line.receiveCount).sort(), [1, 2, 3, 4, 5], "one failure per receive, up to maxReceiveCount");
      const resultArn = `${config.bucket.arn}/${resultKey(config, "inventory", object!.key)}`;
      for (const failure of failures) {
        assert.match(failure.reason ?? "", /^AccessDenied: /);
        assert.ok(failure.reason?.includes(`assumed-role/${names.role}/`), `names the role session: ${failure.reason}`);
        assert.ok(failure.reason?.includes(`s3:PutObject on resource: ${resultArn}`) || failure.reason?.includes(`s3:PutObject on resource: "${resultArn}"`), `names the action and object: ${failure.reason}`);
      }
      t.diagnostic(`inventory without WriteOwnResults: ${failures.length} AccessDenied failures, then the DLQ; audit unaffected`);
    } finally {
      dispose();
    }
  });
});
