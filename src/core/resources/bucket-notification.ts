/**
 * The bucket's event notification: ObjectCreated under uploads/ only, to the
 * topic (so results/ written by the consumers never triggers them again).
 * PutBucketNotificationConfiguration replaces the whole configuration, so
 * every change is read-modify-write and keeps rules that are not ours.
 */
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type Event,
  type NotificationConfiguration,
  type TopicConfiguration,
} from "@aws-sdk/client-s3";
import { retryTransient, type WaitPolicy } from "../waits.js";
import { errorMessage, isAwsError } from "../aws-errors.js";
import { absent, present, type ResourceEnv, type ResourceModule, waitsOf } from "./resource.js";

export interface BucketNotificationProps {
  bucket: string;
  /** The configuration's Id, how our rule is told apart from others. */
  id: string;
  topicArn: string;
  events: Event[];
  prefix: string;
}

/** SNS may take a moment before S3 sees a just-set topic policy ("Unable to validate ..."). */
const TOPIC_POLICY_PROPAGATION: WaitPolicy = { timeoutMs: 30_000, initialDelayMs: 1_000, maxDelayMs: 5_000 };

export const bucketNotification: ResourceModule<BucketNotificationProps> = {
  describe: (props) => `notification of ${props.bucket} (${props.prefix}* -> topic)`,

  async read(props, env) {
    const configuration = await readConfiguration(props, env);
    if (!configuration) return absent;
    const ours = configuration.TopicConfigurations?.find((entry) => entry.Id === props.id);
    if (!ours) return absent;
    const problems = differences(ours, props);
    if (problems.length === 0) return present();
    return present([{ description: problems.join("; "), repair: () => writeOurs(props, env) }]);
  },

  create: (props, env) => writeOurs(props, env),

  async remove(props, env) {
    const configuration = await readConfiguration(props, env);
    if (!configuration?.TopicConfigurations?.some((entry) => entry.Id === props.id)) return "absent";
    await putConfiguration(props.bucket, withoutOurs(configuration, props), env);
    return "deleted";
  },
};

function desiredRule(props: BucketNotificationProps): TopicConfiguration {
  return {
    Id: props.id,
    TopicArn: props.topicArn,
    Events: props.events,
    Filter: { Key: { FilterRules: [{ Name: "prefix", Value: props.prefix }] } },
  };
}

function differences(live: TopicConfiguration, props: BucketNotificationProps): string[] {
  const problems: string[] = [];
  if (live.TopicArn !== props.topicArn) problems.push(`sends to ${live.TopicArn}, expected ${props.topicArn}`);
  const events = [...(live.Events ?? [])].sort();
  if (events.join(",") !== [...props.events].sort().join(",")) {
    problems.push(`events ${events.join(", ") || "none"}, expected ${props.events.join(", ")}`);
  }
  // S3 returns filter rule names capitalised ("Prefix"); it accepts either case.
  const rules = live.Filter?.Key?.FilterRules ?? [];
  const prefix = rules.find((rule) => rule.Name?.toLowerCase() === "prefix")?.Value;
  const suffix = rules.find((rule) => rule.Name?.toLowerCase() === "suffix")?.Value;
  if (prefix !== props.prefix) problems.push(`prefix filter is ${prefix ?? "unset"}, expected ${props.prefix}`);
  if (suffix) problems.push(`unexpected suffix filter ${suffix}`);
  return problems;
}

async function readConfiguration(props: BucketNotificationProps, env: ResourceEnv): Promise<NotificationConfiguration | undefined> {
  try {
    const { $metadata: _metadata, ...configuration } = await env.clients.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: props.bucket }),
    );
    return configuration;
  } catch (error) {
    if (isAwsError(error, "NoSuchBucket")) return undefined;
    throw error;
  }
}

function withoutOurs(configuration: NotificationConfiguration, props: BucketNotificationProps): NotificationConfiguration {
  return { ...configuration, TopicConfigurations: (configuration.TopicConfigurations ?? []).filter((entry) => entry.Id !== props.id) };
}

async function writeOurs(props: BucketNotificationProps, env: ResourceEnv): Promise<void> {
  const configuration = (await readConfiguration(props, env)) ?? {};
  const others = withoutOurs(configuration, props);
  await retryTransient(
    `S3 to accept topic ${props.topicArn} as a destination`,
    () =>
      putConfiguration(props.bucket, { ...others, TopicConfigurations: [...(others.TopicConfigurations ?? []), desiredRule(props)] }, env),
    (error) =>
      isAwsError(error, "InvalidArgument") && /Unable to validate/i.test(errorMessage(error))
        ? "S3 cannot validate the topic yet (topic policy propagating)"
        : undefined,
    TOPIC_POLICY_PROPAGATION,
    waitsOf(env),
  );
}

async function putConfiguration(bucket: string, configuration: NotificationConfiguration, env: ResourceEnv): Promise<void> {
  await env.clients.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: configuration }));
}
