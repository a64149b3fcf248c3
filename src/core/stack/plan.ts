/**
 * The stack as a resource graph: a pure function from the stack config to
 * nodes `{id, kind, dependsOn, props}`. Setup runs it as is, teardown runs
 * the same graph with every edge reversed, status reads every node, and
 * --dry-run prints it.
 */
import type { BucketNotificationProps } from "../resources/bucket-notification.js";
import type { BucketProps } from "../resources/bucket.js";
import type { EventSourceMappingProps } from "../resources/event-source-mapping.js";
import type { FunctionProps } from "../resources/function.js";
import type { LogGroupProps } from "../resources/log-group.js";
import type { QueuePolicyProps } from "../resources/queue-policy.js";
import type { QueueProps } from "../resources/queue.js";
import type { RolePolicyProps } from "../resources/role-policy.js";
import type { RoleProps } from "../resources/role.js";
import type { SubscriptionProps } from "../resources/subscription.js";
import type { TopicPolicyProps } from "../resources/topic-policy.js";
import type { TopicProps } from "../resources/topic.js";
import { consumerPolicyFor, lambdaTrustPolicy, queuePolicyFor, topicPolicyFor } from "./policies.js";
import { executionWaves } from "../runner.js";
import { consumersOf, UPLOADS_PREFIX, type Consumer, type ConsumerSpec, type StackConfig } from "./config.js";
import { counted } from "../wording.js";

export interface PropsByKind {
  bucket: BucketProps;
  topic: TopicProps;
  "topic-policy": TopicPolicyProps;
  queue: QueueProps;
  "queue-policy": QueuePolicyProps;
  subscription: SubscriptionProps;
  "bucket-notification": BucketNotificationProps;
  "log-group": LogGroupProps;
  role: RoleProps;
  "role-policy": RolePolicyProps;
  function: FunctionProps;
  "event-source-mapping": EventSourceMappingProps;
}

export type ResourceKind = keyof PropsByKind;

export type PlanNode = {
  [K in ResourceKind]: { id: string; kind: K; dependsOn: string[]; props: PropsByKind[K] };
}[ResourceKind];

export interface Plan {
  config: StackConfig;
  nodes: PlanNode[];
}

export function buildPlan(config: StackConfig): Plan {
  const { settings, tags } = config;
  const nodes: PlanNode[] = [];
  const add = <K extends ResourceKind>(id: string, kind: K, dependsOn: string[], props: PropsByKind[K]) => {
    nodes.push({ id, kind, dependsOn, props } as PlanNode);
  };

  // The bucket name is the only global one: claiming it first means a name
  // taken by another account stops setup before anything else is created.
  add("bucket", "bucket", [], { name: config.bucket.name, region: config.region, owner: config.account, tags });
  add("topic", "topic", ["bucket"], { name: config.topic.name, arn: config.topic.arn, tags });
  add("topic-policy", "topic-policy", ["topic"], {
    topicName: config.topic.name,
    topicArn: config.topic.arn,
    policy: topicPolicyFor(config),
  });

  const consumers = consumersOf(config);
  for (const consumer of consumers) {
    const names = config.consumers[consumer];
    const consumerSettings = config.consumerSpecs[consumer]!.settings;
    const id = (kind: string) => `${kind}:${consumer}`;
    add(id("dlq"), "queue", ["bucket"], {
      name: names.deadLetterQueue,
      arn: names.deadLetterQueueArn,
      attributes: {
        MessageRetentionPeriod: String(settings.deadLetterRetentionSeconds),
        SqsManagedSseEnabled: "true",
        // Only this consumer's queue may use it as a dead-letter queue. The DLQ comes first (the source's
        // RedrivePolicy must name an existing queue). That SQS accepts a source ARN not created yet is
        // unconfirmed (AWS documents no existence check); moto and the emulator accept it.
        RedriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [names.queueArn] }),
      },
      tags,
    });
    add(id("queue"), "queue", [id("dlq")], {
      name: names.queue,
      arn: names.queueArn,
      attributes: {
        VisibilityTimeout: String(consumerSettings.queueVisibilityTimeoutSeconds),
        MessageRetentionPeriod: String(settings.queueRetentionSeconds),
        // SSE-SQS, not the aws/sqs KMS key: SNS cannot deliver into queues encrypted with that key.
        SqsManagedSseEnabled: "true",
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: names.deadLetterQueueArn, maxReceiveCount: consumerSettings.maxReceiveCount }),
      },
      tags,
    });
    add(id("queue-policy"), "queue-policy", [id("queue"), "topic"], {
      queueName: names.queue,
      policy: queuePolicyFor(config, consumer),
    });
    // Subscribe only once the queue admits the topic, or the first deliveries are dropped silently.
    add(id("subscription"), "subscription", ["topic", id("queue-policy")], {
      topicName: config.topic.name,
      topicArn: config.topic.arn,
      queueName: names.queue,
      queueArn: names.queueArn,
      ...subscriptionFilterFor(config.consumerSpecs[consumer]!),
    });
    add(id("log-group"), "log-group", ["bucket"], {
      name: names.logGroup,
      arn: names.logGroupStreamsArn.replace(/:\*$/, ""),
      retentionDays: settings.logRetentionDays,
      tags,
    });
    add(id("role"), "role", ["bucket"], {
      name: names.role,
      trustPolicy: lambdaTrustPolicy(),
      inlinePolicyNames: [names.rolePolicy],
      description: `Execution role of the eda ${consumer} consumer (stack ${config.stack})`,
      tags,
    });
    add(id("role-policy"), "role-policy", [id("role")], {
      roleName: names.role,
      policyName: names.rolePolicy,
      policy: consumerPolicyFor(config, consumer),
    });
    // The log group comes first so the role needs no logs:CreateLogGroup and teardown owns the group.
    add(id("function"), "function", [id("role"), id("log-group")], functionProps(config, consumer));
    add(id("mapping"), "event-source-mapping", [id("function"), id("queue"), id("role-policy")], {
      functionName: names.function,
      functionArn: names.functionArn,
      queueName: names.queue,
      queueArn: names.queueArn,
      batchSize: consumerSettings.batchSize,
      maximumBatchingWindowSeconds: settings.maximumBatchingWindowSeconds,
      functionResponseTypes: ["ReportBatchItemFailures"],
      tags,
    });
  }

  // Last: S3 validates the destination (the topic policy must admit it) and
  // events should only flow once both queues are subscribed.
  add("bucket-notification", "bucket-notification", ["bucket", "topic-policy", ...consumers.map((c) => `subscription:${c}`)], {
    bucket: config.bucket.name,
    id: config.notificationId,
    topicArn: config.topic.arn,
    events: ["s3:ObjectCreated:*"],
    prefix: UPLOADS_PREFIX,
  });

  return { config, nodes };
}

/**
 * A consumer's key filter as an SNS filter policy on the S3 event in the
 * message body (FilterPolicyScope MessageBody; AWS documents this for S3
 * events through SNS). Event keys are URL-encoded (aws-behaviour §2.7), which
 * is why the project file allows only characters that encoding leaves alone.
 */
function subscriptionFilterFor(spec: ConsumerSpec): { filterPolicy?: Record<string, unknown> } {
  const { prefix, suffix } = spec.filter;
  // Conditions on one key are alternatives: "prefix and suffix" has no filter policy (the project file refuses it).
  if (prefix && suffix) throw new Error(`consumer ${spec.name}: a filter policy cannot require both a prefix and a suffix`);
  const conditions = [...(prefix ? [{ prefix }] : []), ...(suffix ? [{ suffix }] : [])];
  if (conditions.length === 0) return {};
  return { filterPolicy: { Records: { s3: { object: { key: conditions } } } } };
}

function functionProps(config: StackConfig, consumer: Consumer): FunctionProps {
  const names = config.consumers[consumer]!;
  const spec = config.consumerSpecs[consumer]!;
  const { settings } = config;
  return {
    name: names.function,
    arn: names.functionArn,
    consumer: spec,
    roleArn: names.roleArn,
    runtime: settings.functionRuntime,
    handler: settings.functionHandler,
    description: `eda ${consumer} consumer (stack ${config.stack})`,
    timeoutSeconds: spec.settings.functionTimeoutSeconds,
    memoryMb: spec.settings.functionMemoryMb,
    environment: {
      ...spec.environment,
      // Project bundles carry a source map: stack traces then name the user's .ts lines.
      ...(spec.code.kind === "project" ? { NODE_OPTIONS: ["--enable-source-maps", spec.environment.NODE_OPTIONS].filter(Boolean).join(" ") } : {}),
      EDA_CONSUMER: consumer,
      EDA_BUCKET: config.bucket.name,
      EDA_RESULTS_PREFIX: names.resultsPrefix,
    },
    tags: config.tags,
  };
}

/** The same graph with every edge reversed: what teardown runs (dependents go first). */
export function reversedNodes(nodes: readonly PlanNode[]): PlanNode[] {
  return nodes.map((node) => ({
    ...node,
    dependsOn: nodes.filter((other) => other.dependsOn.includes(node.id)).map((other) => other.id),
  }));
}

/** The resource's AWS name (or what identifies it), for listings. */
export function resourceName(node: PlanNode): string {
  switch (node.kind) {
    case "bucket":
    case "topic":
    case "queue":
    case "log-group":
    case "role":
    case "function":
      return node.props.name;
    case "topic-policy":
      return node.props.topicName;
    case "queue-policy":
      return node.props.queueName;
    case "subscription":
      return `${node.props.queueName} -> ${node.props.topicName}`;
    case "bucket-notification":
      return `${node.props.bucket} ${node.props.prefix}* -> ${node.props.topicArn.split(":").pop()}`;
    case "role-policy":
      return `${node.props.roleName}/${node.props.policyName}`;
    case "event-source-mapping":
      return `${node.props.queueName} -> ${node.props.functionName}`;
  }
}

/** The policy documents a node carries, by name, for --dry-run output. */
export function policyDocuments(node: PlanNode): Record<string, unknown> {
  switch (node.kind) {
    case "topic-policy":
    case "queue-policy":
    case "role-policy":
      return { policy: node.props.policy };
    case "role":
      return { "trust policy": node.props.trustPolicy };
    case "queue": {
      const { RedrivePolicy, RedriveAllowPolicy } = node.props.attributes;
      return Object.fromEntries(
        Object.entries({ RedrivePolicy, RedriveAllowPolicy })
          .filter((entry): entry is [string, string] => entry[1] !== undefined)
          .map(([name, value]) => [name, JSON.parse(value)]),
      );
    }
    default:
      return {};
  }
}

/** Human-readable plan: waves in execution order, every resource, every policy document. */
export function describePlan(plan: Plan, direction: "setup" | "teardown" = "setup"): string[] {
  const nodes = direction === "setup" ? plan.nodes : reversedNodes(plan.nodes);
  const { config } = plan;
  const lines = [
    `stack ${config.stack} in account ${config.account}, region ${config.region}: ${counted(nodes.length, "resource")}`,
    `order (${direction}; each step starts once the steps it depends on are done):`,
  ];
  executionWaves(nodes).forEach((wave, index) => {
    lines.push(`  step ${index + 1}:`);
    for (const node of wave) {
      const after = node.dependsOn.length > 0 ? `  (after ${node.dependsOn.join(", ")})` : "";
      lines.push(`    ${node.id.padEnd(24)} ${node.kind.padEnd(21)} ${resourceName(node)}${after}`);
    }
  });
  lines.push("details:");
  for (const node of nodes) {
    lines.push(`  ${node.id}:`);
    for (const [name, value] of Object.entries(settingsOf(node))) lines.push(`    ${name}: ${value}`);
    for (const [name, document] of Object.entries(policyDocuments(node))) {
      lines.push(`    ${name}:`);
      for (const line of JSON.stringify(document, null, 2).split("\n")) lines.push(`      ${line}`);
    }
  }
  return lines;
}

/** The scalar settings of a node worth showing in a plan listing. */
function settingsOf(node: PlanNode): Record<string, string> {
  switch (node.kind) {
    case "bucket":
      return { name: node.props.name, "public access": "blocked", encryption: "SSE-S3 (AES256)", tags: formatTags(node.props.tags) };
    case "topic":
      return { arn: node.props.arn, tags: formatTags(node.props.tags) };
    case "queue": {
      const { RedrivePolicy: _redrive, RedriveAllowPolicy: _allow, ...scalars } = node.props.attributes;
      return { arn: node.props.arn, ...scalars, tags: formatTags(node.props.tags) };
    }
    case "log-group":
      return { name: node.props.name, retention: `${node.props.retentionDays} days`, tags: formatTags(node.props.tags) };
    case "role":
      return { name: node.props.name, tags: formatTags(node.props.tags) };
    case "function":
      return {
        arn: node.props.arn,
        runtime: node.props.runtime,
        handler: node.props.handler,
        timeout: `${node.props.timeoutSeconds} s`,
        memory: `${node.props.memoryMb} MB`,
        role: node.props.roleArn,
        environment: Object.entries(node.props.environment)
          .map(([name, value]) => `${name}=${value}`)
          .join(" "),
        tags: formatTags(node.props.tags),
      };
    case "event-source-mapping":
      return {
        source: node.props.queueArn,
        function: node.props.functionArn,
        "batch size": String(node.props.batchSize),
        "batching window": `${node.props.maximumBatchingWindowSeconds} s`,
        "response types": node.props.functionResponseTypes.join(", "),
      };
    case "subscription":
      return {
        topic: node.props.topicArn,
        endpoint: node.props.queueArn,
        protocol: "sqs",
        "raw delivery": "false",
        ...(node.props.filterPolicy ? { "filter policy (message body)": JSON.stringify(node.props.filterPolicy) } : {}),
      };
    case "bucket-notification":
      return { id: node.props.id, events: node.props.events.join(", "), prefix: node.props.prefix, topic: node.props.topicArn };
    default:
      return {};
  }
}

function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
}
