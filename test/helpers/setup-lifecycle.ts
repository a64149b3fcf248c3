/**
 * The setup -> re-run -> drift repair -> status -> teardown suites, written
 * once and run against every target (moto, the embedded emulator). Core
 * calls go through a CoreContext; the CLI runs as a child process with
 * --endpoint-url; every claim about AWS state is checked with plain SDK calls.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AttachRolePolicyCommand, DeleteRolePolicyCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  GetFunctionConfigurationCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SetSubscriptionAttributesCommand, UnsubscribeCommand } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, SetQueueAttributesCommand, UntagQueueCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../src/core/context.js";
import { buildHandlerZip } from "../../src/core/packaging/handler-zip.js";
import { parsePolicy } from "../../src/core/stack/policies.js";
import { setup } from "../../src/core/provision/setup.js";
import type { StackConfig } from "../../src/core/stack/config.js";
import { remainingResources } from "../../bench/lib/workloads/remaining-resources.js";
import { ensureHandlerBundles, finished, jsonLines, onStdoutLine, runEda, spawnEda, temporaryEdaHome } from "./cli.js";
import { clientsFor, cliEnvironment, configFor, contextFor, REGION, stepEnds, type Target } from "./targets.js";

export interface TargetGaps {
  /**
   * Changes a re-run keeps reporting because the target does not store what
   * AWS stores (moto drops RedriveAllowPolicy): `stepId: change text prefix`.
   */
  unstoredAttributes?: { stepId: string; change: string }[];
  /** moto's SetQueueAttributes drops the queue's Policy when it sets any other attribute. */
  setQueueAttributesDropsPolicy?: boolean;
}

async function queueUrl(clients: AwsClients, name: string): Promise<string> {
  return (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

async function queueAttributes(clients: AwsClients, name: string): Promise<Record<string, string>> {
  const url = await queueUrl(clients, name);
  return (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes ?? {};
}

/** Steps that changed something, minus the changes a target cannot store. */
function changedSteps(events: Parameters<typeof stepEnds>[0], gaps: TargetGaps): string[] {
  return stepEnds(events)
    .filter((event) => event.outcome === "created" || event.outcome === "updated")
    .filter((event) => {
      const changes = event.changes ?? [];
      const known = gaps.unstoredAttributes?.filter((gap) => gap.stepId === event.id) ?? [];
      return known.length === 0 || changes.some((change) => !known.some((gap) => change.startsWith(gap.change)));
    })
    .map((event) => event.id)
    .sort();
}

export function describeLifecycle(start: () => Promise<Target>, gaps: TargetGaps = {}): void {
  const stack = "eda-life";
  let target: Target;
  let clients: AwsClients;
  let config: StackConfig;
  let edaHome: ReturnType<typeof temporaryEdaHome>;

  before(async () => {
    ensureHandlerBundles();
    target = await start();
    clients = clientsFor(target);
    config = configFor(target, stack);
    edaHome = temporaryEdaHome();
  });
  after(async () => {
    await target?.stop();
    edaHome?.remove();
  });

  const cli = (...args: string[]) => runEda([...args, "--stack", stack], cliEnvironment(target, edaHome.path));

  it("--dry-run says each resource would be created, prints the whole plan only with --verbose, and creates nothing", async () => {
    const run = await cli("setup", "--dry-run");
    assert.equal(run.code, 0, run.stderr);
    for (const id of ["bucket", "topic-policy", "queue:inventory", "dlq:audit", "role-policy:audit", "mapping:inventory", "bucket-notification"]) {
      assert.match(run.stdout, new RegExp(`^\\+ create\\s+${id}\\s`, "m"), `${id} would be created`);
    }
    assert.ok(!run.stdout.includes('"Service": "s3.amazonaws.com"'), "no policy documents without --verbose");
    assert.match(run.stderr + run.stdout, /dry run, nothing was changed: stack eda-life: 22 to create, 0 to update, 0 unchanged/);

    const verbose = await cli("setup", "--dry-run", "--verbose");
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.match(verbose.stdout, /step 1:\n\s+bucket/);
    assert.ok(verbose.stdout.includes('"Service": "s3.amazonaws.com"'), "topic policy printed");
    assert.ok(verbose.stdout.includes(`${config.bucket.arn}/results/audit/*`), "role policy printed");
    assert.deepEqual(await remainingResources(clients, config), []);
  });

  it("setup creates every resource as planned", async () => {
    const { ctx, events } = contextFor(target, stack);
    const result = await setup(ctx);
    assert.equal(result.ok, true, result.summary);
    assert.equal(result.summary, "stack eda-life is ready: created 22, updated 0, unchanged 0");
    assert.equal(stepEnds(events.events).filter((event) => event.outcome === "created").length, 22);

    for (const consumer of ["inventory", "audit"] as const) {
      const names = config.consumers[consumer];
      const source = await queueAttributes(clients, names.queue);
      assert.equal(source.VisibilityTimeout, "180");
      assert.equal(source.SqsManagedSseEnabled, "true");
      assert.deepEqual(JSON.parse(source.RedrivePolicy!), { deadLetterTargetArn: names.deadLetterQueueArn, maxReceiveCount: 5 });
      const queuePolicy = parsePolicy(source.Policy) as { Statement: { Principal: unknown; Condition: unknown }[] };
      assert.deepEqual(queuePolicy.Statement[0]!.Principal, { Service: "sns.amazonaws.com" });
      assert.deepEqual(queuePolicy.Statement[0]!.Condition, { ArnEquals: { "aws:SourceArn": config.topic.arn } });
      const deadLetter = await queueAttributes(clients, names.deadLetterQueue);
      assert.equal(deadLetter.MessageRetentionPeriod, "1209600");
      const tags = await clients.sqs.send(new ListQueueTagsCommand({ QueueUrl: await queueUrl(clients, names.queue) }));
      assert.deepEqual(tags.Tags, { "eda:stack": stack });

      const fn = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: names.function }));
      assert.equal(fn.Runtime, "nodejs22.x");
      assert.equal(fn.Handler, "index.handler");
      assert.equal(fn.Role, names.roleArn);
      assert.equal(fn.CodeSha256, (await buildHandlerZip(consumer)).sha256);
      assert.deepEqual(fn.Environment?.Variables, { EDA_CONSUMER: consumer, EDA_BUCKET: config.bucket.name, EDA_RESULTS_PREFIX: `results/${consumer}/` });
      assert.equal((await clients.lambda.send(new ListTagsCommand({ Resource: names.functionArn }))).Tags?.["eda:stack"], stack);

      const mappings = await clients.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: names.queueArn }));
      assert.equal(mappings.EventSourceMappings?.length, 1);
      assert.deepEqual(mappings.EventSourceMappings![0]!.FunctionResponseTypes, ["ReportBatchItemFailures"]);
      assert.equal(mappings.EventSourceMappings![0]!.State, "Enabled");

      const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: names.logGroup }));
      assert.equal(groups.logGroups?.[0]?.retentionInDays, 14);

      const rolePolicy = await clients.iam.send(new GetRolePolicyCommand({ RoleName: names.role, PolicyName: names.rolePolicy }));
      const statements = (parsePolicy(rolePolicy.PolicyDocument) as { Statement: { Resource: string }[] }).Statement;
      assert.deepEqual(
        statements.map((statement) => statement.Resource),
        [names.queueArn, names.logGroupStreamsArn, `${config.bucket.arn}/uploads/*`, `${config.bucket.arn}/results/${consumer}/*`],
      );
    }

    const topic = await clients.sns.send(new GetTopicAttributesCommand({ TopicArn: config.topic.arn }));
    const topicPolicy = parsePolicy(topic.Attributes?.Policy) as { Statement: { Principal: unknown }[] };
    assert.deepEqual(topicPolicy.Statement.map((statement) => statement.Principal), [{ Service: "s3.amazonaws.com" }]);
    const subscriptions = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: config.topic.arn }));
    assert.deepEqual(
      subscriptions.Subscriptions?.map((subscription) => subscription.Endpoint).sort(),
      [config.consumers.audit.queueArn, config.consumers.inventory.queueArn],
    );

    const notification = await clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: config.bucket.name }));
    assert.equal(notification.TopicConfigurations?.length, 1);
    const rule = notification.TopicConfigurations![0]!;
    assert.equal(rule.TopicArn, config.topic.arn);
    assert.deepEqual(rule.Events, ["s3:ObjectCreated:*"]);
    assert.deepEqual(
      rule.Filter?.Key?.FilterRules?.map((filter) => [filter.Name?.toLowerCase(), filter.Value]),
      [["prefix", "uploads/"]],
    );
    const blocked = await clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: config.bucket.name }));
    assert.deepEqual(blocked.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const encryption = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: config.bucket.name }));
    assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "AES256");
    const bucketTags = await clients.s3.send(new GetBucketTaggingCommand({ Bucket: config.bucket.name }));
    assert.deepEqual(bucketTags.TagSet, [{ Key: "eda:stack", Value: stack }]);
  });

  it("a re-run changes nothing and says so", async () => {
    const { ctx, events } = contextFor(target, stack);
    const result = await setup(ctx);
    assert.equal(result.ok, true, result.summary);
    assert.deepEqual(changedSteps(events.events, gaps), []);
    if (!gaps.unstoredAttributes?.length) {
      assert.equal(result.summary, "stack eda-life: no changes (all 22 resources already as planned)");
    }
  });

  it("repairs drift made behind its back and reports each change", async () => {
    const inventory = config.consumers.inventory;
    const audit = config.consumers.audit;
    const inventoryUrl = await queueUrl(clients, inventory.queue);
    await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: inventoryUrl, Attributes: { VisibilityTimeout: "30" } }));
    const looserPolicy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: inventory.queueArn }],
    };
    await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: inventoryUrl, Attributes: { Policy: JSON.stringify(looserPolicy) } }));
    await clients.sqs.send(new UntagQueueCommand({ QueueUrl: await queueUrl(clients, audit.deadLetterQueue), TagKeys: ["eda:stack"] }));
    await clients.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: audit.function, Timeout: 3 }));
    await waitUntilFunctionUpdatedV2({ client: clients.lambda, maxWaitTime: 60 }, { FunctionName: audit.function });
    const [inventoryCode, foreignCode] = await Promise.all([buildHandlerZip("inventory"), buildHandlerZip("audit")]);
    await clients.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: inventory.function, ZipFile: foreignCode.zip }));
    await waitUntilFunctionUpdatedV2({ client: clients.lambda, maxWaitTime: 60 }, { FunctionName: inventory.function });
    const subscriptions = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: config.topic.arn }));
    const auditSubscription = subscriptions.Subscriptions!.find((subscription) => subscription.Endpoint === audit.queueArn)!;
    await clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: auditSubscription.SubscriptionArn }));
    const inventorySubscription = subscriptions.Subscriptions!.find((subscription) => subscription.Endpoint === inventory.queueArn)!;
    await clients.sns.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn: inventorySubscription.SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "true" }),
    );
    await clients.iam.send(new DeleteRolePolicyCommand({ RoleName: inventory.role, PolicyName: inventory.rolePolicy }));
    const broadPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: audit.role, PolicyArn: broadPolicy }));
    await clients.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: config.bucket.name, NotificationConfiguration: {} }));

    // eda diff names every change setup is about to make, and exits 1 because something would change.
    const diff = await cli("diff");
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /^~ update\s+queue:inventory\s+eda-life-inventory\n\s+VisibilityTimeout: 30 -> 180$/m);
    assert.match(diff.stdout, /^~ update\s+function:audit\s.*\n\s+Timeout: 3 -> 30$/m);
    assert.match(diff.stdout, /^\+ create\s+subscription:audit\s/m);
    assert.match(diff.stdout, /^\+ create\s+role-policy:inventory\s/m);
    assert.match(diff.stdout, /^= unchanged\s+topic\s/m);
    if (!gaps.setQueueAttributesDropsPolicy) {
      // The policy is compared as JSON: the missing condition shows as added lines.
      const section = diff.stdout.split(/^(?=[~+=?] )/m).find((part) => part.startsWith("~ update     queue-policy:inventory")) ?? "";
      assert.match(section, /^\s+policy:$/m, diff.stdout);
      assert.match(section, /^\s+\+ +"ArnEquals": \{$/m, section);
    }
    assert.match(diff.stderr + diff.stdout, /to create, \d+ to update, \d+ unchanged \(eda setup would apply this\)/);
    const dryRun = await cli("setup", "--dry-run");
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /^~ update\s+queue:inventory\s+eda-life-inventory\n\s+VisibilityTimeout: 30 -> 180$/m);

    const { ctx, events } = contextFor(target, stack);
    const result = await setup(ctx);
    assert.equal(result.ok, true, result.summary);
    const ends = new Map(stepEnds(events.events).map((event) => [event.id, event]));
    assert.deepEqual(changedSteps(events.events, gaps), [
      "bucket-notification",
      "dlq:audit",
      "function:audit",
      "function:inventory",
      "queue-policy:inventory",
      "queue:inventory",
      "role-policy:inventory",
      "role:audit",
      "subscription:audit",
      "subscription:inventory",
    ]);
    assert.deepEqual(ends.get("subscription:inventory")?.changes, ["RawMessageDelivery is true, expected false (consumers parse the SNS envelope)"]);
    assert.deepEqual(ends.get("role:audit")?.changes, [`managed policy ${broadPolicy} is attached, which the plan does not grant`]);
    assert.deepEqual(ends.get("queue:inventory")?.changes, ["VisibilityTimeout is 30, expected 180"]);
    if (gaps.setQueueAttributesDropsPolicy) {
      assert.equal(ends.get("queue-policy:inventory")?.outcome, "created", "the VisibilityTimeout repair dropped it on this target");
    } else {
      assert.deepEqual(ends.get("queue-policy:inventory")?.changes, ["queue policy differs from the plan"]);
    }
    assert.deepEqual(ends.get("function:audit")?.changes, ["Timeout is 3, expected 30"]);
    assert.deepEqual(ends.get("function:inventory")?.changes, [`code differs (CodeSha256 ${foreignCode.sha256}, expected ${inventoryCode.sha256})`]);
    assert.ok(ends.get("dlq:audit")?.changes?.includes("tags eda:stack=eda-life missing"));
    assert.equal(ends.get("subscription:audit")?.outcome, "created");
    assert.equal(ends.get("role-policy:inventory")?.outcome, "created");
    assert.equal(ends.get("bucket-notification")?.outcome, "created");
    assert.match(result.summary, /^stack eda-life is ready: created \d+, updated \d+, unchanged \d+$/);

    assert.deepEqual((await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: audit.role }))).AttachedPolicies, []);
    assert.equal((await queueAttributes(clients, inventory.queue)).VisibilityTimeout, "180");
    const repairedPolicy = parsePolicy((await queueAttributes(clients, inventory.queue)).Policy) as { Statement: { Condition?: unknown }[] };
    assert.deepEqual(repairedPolicy.Statement[0]!.Condition, { ArnEquals: { "aws:SourceArn": config.topic.arn } });
    assert.equal((await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: audit.function }))).Timeout, 30);
    const repairedCode = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: inventory.function }));
    assert.equal(repairedCode.CodeSha256, inventoryCode.sha256);
    const repairedSubscriptions = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: config.topic.arn }));
    assert.equal(repairedSubscriptions.Subscriptions?.length, 2);
    const rawDelivery = await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: inventorySubscription.SubscriptionArn }));
    assert.equal(rawDelivery.Attributes?.RawMessageDelivery, "false");
    const notification = await clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: config.bucket.name }));
    assert.equal(notification.TopicConfigurations?.[0]?.TopicArn, config.topic.arn);

    if (!gaps.unstoredAttributes?.length) {
      const clean = await cli("diff");
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      assert.match(clean.stderr + clean.stdout, /stack eda-life: no changes \(all 22 resources as planned\)/);
    }
  });

  it("status reports every resource present, states, depths, endpoint and account", async () => {
    const run = await cli("status", "--json");
    assert.equal(run.code, gaps.unstoredAttributes?.length ? 1 : 0, run.stderr);
    const lines = jsonLines(run.stdout);
    const result = lines.at(-1)!;
    assert.equal(result.type, "result");
    assert.equal(result.endpoint, target.endpoint);
    assert.equal(result.account, target.account);
    const resources = result.resources as { id: string; state: string; facts: Record<string, unknown> }[];
    assert.equal(resources.length, 22);
    const unstored = new Set(gaps.unstoredAttributes?.map((gap) => gap.stepId));
    for (const resource of resources) {
      assert.equal(resource.state, unstored.has(resource.id) ? "drifted" : "present", resource.id);
    }
    const byId = new Map(resources.map((resource) => [resource.id, resource]));
    assert.equal(byId.get("function:inventory")?.facts.state, "Active");
    assert.equal(byId.get("mapping:audit")?.facts.state, "Enabled");
    assert.equal(typeof byId.get("queue:inventory")?.facts.visible, "number");
    assert.equal(typeof byId.get("dlq:inventory")?.facts.inFlight, "number");
    const table = lines.filter((line) => line.type === "output").map((line) => String(line.message));
    assert.ok(table[0]!.includes(`endpoint ${target.endpoint}`));
    assert.ok(table.some((line) => /^queue:audit\s+(present|drifted)\s+eda-life-audit\s+\d+ visible, \d+ in flight/.test(line)), table.join("\n"));
  });

  it("outputs name the bucket, topic, queues and functions, and its env lines point the AWS CLI at the stack", async () => {
    const table = await cli("outputs");
    assert.equal(table.code, 0, table.stderr);
    const inventoryUrl = await queueUrl(clients, config.consumers.inventory!.queue);
    assert.match(table.stdout, new RegExp(`^  bucket\\s+${config.bucket.name}$`, "m"));
    assert.match(table.stdout, new RegExp(`^  inventory queue\\s+${inventoryUrl.replace(/[.?]/g, "\\$&")}$`, "m"));
    assert.match(table.stdout, /^  audit function\s+eda-life-audit$/m);

    const env = await cli("outputs", "--format", "env");
    assert.equal(env.code, 0, env.stderr);
    assert.ok(env.stdout.includes(`export EDA_TOPIC_ARN='${config.topic.arn}'`), env.stdout);
    assert.ok(env.stdout.includes(`export AWS_ENDPOINT_URL='${target.endpoint}'`), env.stdout);
    // The lines are eval'd by a shell, then the AWS CLI finds the stack with nothing else set but credentials.
    // (AWS CLI v1 honours AWS_ENDPOINT_URL for S3 and SNS but not for SQS, seen with 1.45.)
    // Asynchronously: the emulator answering the AWS CLI runs in this process.
    const shell = await promisify(execFile)(
      "bash",
      ["-c", `eval "$EDA_EXPORTS" && aws sns get-topic-attributes --topic-arn "$EDA_TOPIC_ARN" --query Attributes.TopicArn --output text && aws s3api head-bucket --bucket "$EDA_BUCKET"`],
      { encoding: "utf8", env: { ...cliEnvironment(target, edaHome.path), AWS_ENDPOINT_URL: "", AWS_DEFAULT_REGION: REGION, EDA_EXPORTS: env.stdout } },
    );
    assert.equal(shell.stdout.split("\n")[0], config.topic.arn, shell.stdout);
  });

  it("teardown deletes everything, object versions and delete markers included, and proves nothing remains", async () => {
    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: config.bucket.name, VersioningConfiguration: { Status: "Enabled" } }));
    for (const body of ["one", "two"]) {
      await clients.s3.send(new PutObjectCommand({ Bucket: config.bucket.name, Key: "notes/versioned.txt", Body: body }));
    }
    await clients.s3.send(new DeleteObjectCommand({ Bucket: config.bucket.name, Key: "notes/versioned.txt" }));
    await clients.s3.send(new PutObjectCommand({ Bucket: config.bucket.name, Key: "results/inventory/x.json", Body: "{}" }));

    const run = await cli("teardown", "--yes");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /nothing of stack eda-life remains/);
    assert.match(run.stdout, /stack eda-life is gone: deleted \d+ resources, and nothing of it remains/);
    assert.deepEqual(await remainingResources(clients, config), []);
  });

  it("teardown again finds nothing to delete and succeeds", async () => {
    const run = await cli("teardown", "--yes");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /stack eda-life is gone: there was nothing to delete, and nothing of it remains/);
  });

  it("status after teardown says the stack is not set up and exits 1", async () => {
    const run = await cli("status");
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: stack eda-life is not set up in account \d+ \(us-east-1\): run eda setup .*\n$/);
    assert.match(run.stdout, /bucket\s+missing/);
  });
}

/**
 * SIGKILL the CLI in the middle of setup, then: teardown cleans up the
 * partial stack, and (killed again) a plain re-run converges.
 */
export function describeInterruptedSetup(start: () => Promise<Target>, gaps: TargetGaps = {}): void {
  // Two stacks: SQS keeps a deleted queue's name for 60 s, so the second test must not reuse the first's names.
  const stacks = { teardown: "eda-kill-a", rerun: "eda-kill-b" };
  let target: Target;
  let clients: AwsClients;
  let edaHome: ReturnType<typeof temporaryEdaHome>;

  before(async () => {
    ensureHandlerBundles();
    target = await start();
    clients = clientsFor(target);
    edaHome = temporaryEdaHome();
  });
  after(async () => {
    await target?.stop();
    edaHome?.remove();
  });

  /** Runs `eda setup --json` and kills it with SIGKILL once `afterCreated` resources exist. */
  async function killedSetup(stack: string, afterCreated: number) {
    const child = spawnEda(["setup", "--json", "--stack", stack], cliEnvironment(target, edaHome.path));
    let created = 0;
    onStdoutLine(child, (line) => {
      if (line.includes('"type":"step-end"') && line.includes('"outcome":"created"') && ++created === afterCreated) child.kill("SIGKILL");
    });
    const run = await finished(child);
    assert.equal(run.signal, "SIGKILL", `setup was killed, not finished: ${run.stdout.slice(-300)}`);
    return run;
  }

  it("teardown after a killed setup removes the partial stack", async () => {
    const stack = stacks.teardown;
    const config = configFor(target, stack);
    await killedSetup(stack, 6);
    const partial = await remainingResources(clients, config);
    assert.ok(partial.length > 0, "the killed setup created something");
    const run = await runEda(["teardown", "--yes", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await remainingResources(clients, config), []);
  });

  it("a re-run after a killed setup finishes the job", async () => {
    const stack = stacks.rerun;
    await killedSetup(stack, 12);
    const run = await runEda(["setup", "--json", "--stack", stack], cliEnvironment(target, edaHome.path));
    assert.equal(run.code, 0, run.stderr);
    const result = jsonLines(run.stdout).at(-1)!;
    const steps = result.steps as { id: string; outcome: string }[];
    assert.ok(steps.some((step) => step.outcome === "unchanged"), "what the killed run made is kept");
    assert.ok(steps.some((step) => step.outcome === "created"), "what it did not make is created");
    const status = await runEda(["status", "--json", "--stack", stack], cliEnvironment(target, edaHome.path));
    const unstored = new Set(gaps.unstoredAttributes?.map((gap) => gap.stepId));
    const resources = jsonLines(status.stdout).at(-1)!.resources as { id: string; state: string }[];
    assert.deepEqual(
      resources.filter((resource) => resource.state !== "present" && !unstored.has(resource.id)),
      [],
    );
  });
}
