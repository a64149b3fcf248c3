/**
 * A three-consumer project against moto's server, an AWS emulator eda does
 * not control: setup provisions every consumer (a filtered subscription and
 * a raw statement included), a re-run changes nothing but what moto does not
 * store, and teardown leaves nothing.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetRolePolicyCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { GetSubscriptionAttributesCommand, ListSubscriptionsCommand } from "@aws-sdk/client-sns";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { parsePolicy } from "../../src/core/stack/policies.js";
import { resultOf, runEda, temporaryEdaHome } from "../helpers/cli.js";
import { clientsFor, cliEnvironment, startMoto, type Target } from "../helpers/targets.js";

const STACK = "moto-proj";
const HANDLER = "export async function handler() {\n  return { batchItemFailures: [] };\n}\n";

describe("a three-consumer project against moto", { concurrency: false }, () => {
  let moto: Target;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  let dir: string;
  before(async () => {
    moto = await startMoto();
    edaHome = temporaryEdaHome();
    dir = mkdtempSync(join(tmpdir(), "eda-moto-project-"));
    const consumers = ["thumbs", "orders", "log-all"];
    for (const name of consumers) {
      mkdirSync(join(dir, "consumers", name), { recursive: true });
      writeFileSync(join(dir, "consumers", name, "index.ts"), HANDLER);
    }
    writeFileSync(
      join(dir, "eda.json"),
      JSON.stringify({
        stack: STACK,
        consumers: [
          { name: "thumbs", handler: "consumers/thumbs/index.ts", filter: { prefix: "uploads/images/" }, memory: 512, permissions: { read: ["uploads/images/"], write: ["results/thumbs/"] } },
          {
            name: "orders",
            handler: "consumers/orders/index.ts#handler",
            filter: { suffix: ".json" },
            statements: [
              { Effect: "Allow", Action: "dynamodb:PutItem", Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" },
              { Effect: "Allow", Action: "sqs:*", Resource: "arn:aws:sqs:us-east-1:123456789012:orders-*" },
            ],
          },
          { name: "log-all", handler: "consumers/log-all/index.ts", batchSize: 5 },
        ],
      }),
    );
  });
  after(async () => {
    await moto?.stop();
    edaHome?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("setup creates every consumer's resources, with its filter and its permissions", async () => {
    const run = await runEda(["setup", "--json"], cliEnvironment(moto, edaHome.path), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(String(resultOf(run.stdout).summary), /stack moto-proj is ready: created 31, updated 0, unchanged 0/);
    const warnings = run.stdout.split("\n").filter((line) => line.includes('"type":"warning"'));
    assert.equal(warnings.length, 1, run.stdout);
    assert.match(warnings[0]!, /consumer orders: statements\[1\] uses wildcards \(sqs:\*, arn:aws:sqs:us-east-1:123456789012:orders-\*\): least privilege names exact actions and ARNs/);
    const clients = clientsFor(moto);
    const queues = (await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${STACK}-` }))).QueueUrls ?? [];
    assert.deepEqual(queues.map((url) => url.split("/").pop()).sort(), ["moto-proj-log-all", "moto-proj-log-all-dlq", "moto-proj-orders", "moto-proj-orders-dlq", "moto-proj-thumbs", "moto-proj-thumbs-dlq"]);
    const functions = (await clients.lambda.send(new ListFunctionsCommand({}))).Functions ?? [];
    assert.deepEqual(functions.map((fn) => fn.FunctionName).sort(), ["moto-proj-log-all", "moto-proj-orders", "moto-proj-thumbs"]);
    const subscriptions = (await clients.sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? [];
    const orders = subscriptions.find((entry) => entry.Endpoint?.endsWith(":moto-proj-orders"));
    const attributes = (await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: orders!.SubscriptionArn }))).Attributes ?? {};
    assert.equal(attributes.FilterPolicyScope, "MessageBody");
    assert.deepEqual(JSON.parse(attributes.FilterPolicy ?? "{}"), { Records: { s3: { object: { key: [{ suffix: ".json" }] } } } });
    const policy = await clients.iam.send(new GetRolePolicyCommand({ RoleName: "moto-proj-orders-role", PolicyName: "moto-proj-orders-access" }));
    const statements = (parsePolicy(policy.PolicyDocument) as { Statement: { Action: unknown }[] }).Statement;
    assert.ok(statements.some((statement) => statement.Action === "dynamodb:PutItem"));
    assert.ok(!statements.some((statement) => JSON.stringify(statement.Action).includes("s3:")), "orders declared no bucket permissions");
  });

  it("a re-run changes nothing but the RedriveAllowPolicy moto does not store", async () => {
    const run = await runEda(["setup", "--json"], cliEnvironment(moto, edaHome.path), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const steps = resultOf(run.stdout).steps as { id: string; outcome: string; changes?: string[] }[];
    const changed = steps.filter((step) => step.outcome !== "unchanged");
    for (const step of changed) {
      assert.match(step.id, /^(dlq|queue-policy):/, `${step.id}: ${step.changes?.join("; ")}`);
    }
  });

  it("teardown leaves nothing of the project", async () => {
    const run = await runEda(["teardown", "--yes", "--json"], cliEnvironment(moto, edaHome.path), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const clients = clientsFor(moto);
    assert.deepEqual((await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${STACK}-` }))).QueueUrls ?? [], []);
    assert.deepEqual((await clients.lambda.send(new ListFunctionsCommand({}))).Functions ?? [], []);
    const roles = (await clients.iam.send(new ListRolesCommand({}))).Roles ?? [];
    assert.deepEqual(roles.filter((role) => role.RoleName?.startsWith(STACK)), []);
  });
});
