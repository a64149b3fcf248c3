/**
 * Bucket notification configurations (§2.5): validation of what
 * PutBucketNotificationConfiguration accepts, generated ids, normalised
 * filter rule names, the overlap rule, and which rules an event matches.
 */
import type {
  Event,
  FilterRule,
  LambdaFunctionConfiguration,
  NotificationConfiguration,
  NotificationConfigurationFilter,
  QueueConfiguration,
  TopicConfiguration,
} from "@aws-sdk/client-s3";
import { Event as KNOWN_EVENTS } from "@aws-sdk/client-s3";
import type { Random } from "../../../clock.js";
import { invalidArgument, invalidRequest, malformedXml } from "../errors.js";

export type DestinationKind = "topic" | "queue" | "function";

/** One configuration of any kind, flattened for matching and delivery. */
export interface NotificationRule {
  id: string;
  kind: DestinationKind;
  destinationArn: string;
  events: string[];
  prefix: string;
  suffix: string;
  hasFilter: boolean;
}

const MAX_CONFIGURATIONS = 100;
const MAX_ID_LENGTH = 255;
const MAX_FILTER_VALUE_BYTES = 1024;
const SUPPORTED_EVENTS = new Set<string>(Object.values(KNOWN_EVENTS));
const ARN_SERVICE: Record<DestinationKind, string> = { topic: "sns", queue: "sqs", function: "lambda" };

/**
 * Validates a configuration for a bucket in `bucketRegion` and returns it as
 * S3 will store and return it: every rule with an Id (generated ones are a
 * base64-encoded UUID, as AWS's look) and filter rule names as "Prefix"/"Suffix".
 */
export function normaliseConfiguration(
  input: NotificationConfiguration | undefined,
  bucketRegion: string,
  random: Random,
): NotificationConfiguration {
  const topics = input?.TopicConfigurations ?? [];
  const queues = input?.QueueConfigurations ?? [];
  const functions = input?.LambdaFunctionConfigurations ?? [];
  if (topics.length + queues.length + functions.length > MAX_CONFIGURATIONS) {
    throw invalidRequest(`Too many configurations submitted. The maximum number of configurations is ${MAX_CONFIGURATIONS}`);
  }
  const ids = new Set<string>();
  const normalised = <T extends { Id?: string; Events?: Event[]; Filter?: NotificationConfigurationFilter }>(
    configuration: T,
    kind: DestinationKind,
    arn: string | undefined,
  ): T => {
    if (!arn || !configuration.Events || configuration.Events.length === 0) throw malformedXml();
    validateDestinationArn(kind, arn, bucketRegion);
    for (const event of configuration.Events) {
      if (!SUPPORTED_EVENTS.has(event)) throw invalidArgument("The event is not supported for notifications", "Event", event);
    }
    const id = configuration.Id || Buffer.from(random.uuid()).toString("base64");
    if (id.length > MAX_ID_LENGTH) throw invalidArgument(`ID length exceeded allowed limit of ${MAX_ID_LENGTH}`);
    if (ids.has(id)) throw invalidArgument("Same ID used for multiple configurations. IDs must be unique.");
    ids.add(id);
    const filter = configuration.Filter ? normaliseFilter(configuration.Filter) : undefined;
    return { ...configuration, Id: id, ...(filter ? { Filter: filter } : {}) };
  };
  const result: NotificationConfiguration = {};
  if (topics.length > 0) result.TopicConfigurations = topics.map((c: TopicConfiguration) => normalised(c, "topic", c.TopicArn));
  if (queues.length > 0) result.QueueConfigurations = queues.map((c: QueueConfiguration) => normalised(c, "queue", c.QueueArn));
  if (functions.length > 0) {
    result.LambdaFunctionConfigurations = functions.map((c: LambdaFunctionConfiguration) =>
      normalised(c, "function", c.LambdaFunctionArn),
    );
  }
  if (input?.EventBridgeConfiguration) result.EventBridgeConfiguration = {};
  assertNoOverlap(rulesOf(result));
  return result;
}

/** Every configuration of a stored configuration, flattened. */
export function rulesOf(configuration: NotificationConfiguration): NotificationRule[] {
  const rule = (kind: DestinationKind, arn: string | undefined, c: { Id?: string; Events?: Event[]; Filter?: NotificationConfigurationFilter }) => {
    const filterRules = c.Filter?.Key?.FilterRules ?? [];
    const valueOf = (name: string) => filterRules.find((r) => r.Name?.toLowerCase() === name)?.Value ?? "";
    return {
      id: c.Id ?? "",
      kind,
      destinationArn: arn ?? "",
      events: c.Events ?? [],
      prefix: valueOf("prefix"),
      suffix: valueOf("suffix"),
      hasFilter: filterRules.length > 0,
    };
  };
  return [
    ...(configuration.TopicConfigurations ?? []).map((c) => rule("topic", c.TopicArn, c)),
    ...(configuration.QueueConfigurations ?? []).map((c) => rule("queue", c.QueueArn, c)),
    ...(configuration.LambdaFunctionConfigurations ?? []).map((c) => rule("function", c.LambdaFunctionArn, c)),
  ];
}

/** `s3:ObjectCreated:*` covers every `s3:ObjectCreated:<sub>`. */
function eventCovers(pattern: string, event: string): boolean {
  return pattern === event || (pattern.endsWith(":*") && event.startsWith(pattern.slice(0, -1)));
}

/** Does `rule` want event `eventName` (e.g. "s3:ObjectCreated:Put") for `key`? */
export function ruleMatches(rule: NotificationRule, eventName: string, key: string): boolean {
  return rule.events.some((pattern) => eventCovers(pattern, eventName)) && key.startsWith(rule.prefix) && key.endsWith(rule.suffix);
}

function normaliseFilter(filter: NotificationConfigurationFilter): NotificationConfigurationFilter {
  const rules = filter.Key?.FilterRules ?? [];
  if (rules.length === 0) throw malformedXml();
  const seen = new Set<string>();
  const normalised: FilterRule[] = rules.map((rule) => {
    const name = rule.Name?.toLowerCase();
    if (name !== "prefix" && name !== "suffix") throw invalidArgument("filter rule name must be either prefix or suffix", "FilterRule", rule.Name ?? "");
    if (seen.has(name)) throw invalidArgument(`Cannot specify more than one ${name} rule in a filter.`, "FilterRule", rule.Name ?? "");
    seen.add(name);
    const value = rule.Value ?? "";
    if (Buffer.byteLength(value, "utf8") > MAX_FILTER_VALUE_BYTES) {
      throw invalidArgument("Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation", "FilterRule", value);
    }
    // S3 answers capitalised names whatever case was sent (outside the SDK's lower-case enum).
    return { Name: (name === "prefix" ? "Prefix" : "Suffix") as FilterRule["Name"], Value: value };
  });
  return { Key: { FilterRules: normalised } };
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>`. SNS and SQS
 * destinations must live in the bucket's region; S3 does not deliver to FIFO queues.
 */
/**
 * The configuration element an unparsable ARN is reported under (localstack
 * test_s3_notifications_{sqs,sns,lambda}.snapshot.json "test_invalid_*_arn" "invalid_not_skip").
 */
const ARN_ELEMENT: Record<DestinationKind, string> = { queue: "Queue", topic: "Topic", function: "CloudFunction" };

function validateDestinationArn(kind: DestinationKind, arn: string, bucketRegion: string): void {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || !parts[1] || !parts[2] || !parts[3] || !/^\d{12}$/.test(parts[4]!) || !parts[5]) {
    throw invalidArgument("The ARN could not be parsed", ARN_ELEMENT[kind], arn);
  }
  if (parts[2] !== ARN_SERVICE[kind]) throw invalidArgument("The notification destination service is not valid", "ARN", arn);
  if (kind === "queue" && parts[5]!.endsWith(".fifo")) throw invalidArgument("FIFO SQS queues are not supported.", "ARN", arn);
  if (parts[3] !== bucketRegion) {
    throw invalidArgument("The notification destination service region is not valid for the bucket location constraint", "ARN", arn);
  }
}

/**
 * Two rules may not both match one event for one key: their event types
 * intersect and one prefix extends the other and one suffix extends the
 * other. AWS words the unfiltered case differently.
 */
function assertNoOverlap(rules: NotificationRule[]): void {
  rules.forEach((rule, index) => {
    for (const other of rules.slice(0, index)) {
      const eventsIntersect = rule.events.some((a) => other.events.some((b) => eventCovers(a, b) || eventCovers(b, a)));
      if (!eventsIntersect) continue;
      const prefixesOverlap = rule.prefix.startsWith(other.prefix) || other.prefix.startsWith(rule.prefix);
      const suffixesOverlap = rule.suffix.endsWith(other.suffix) || other.suffix.endsWith(rule.suffix);
      if (!prefixesOverlap || !suffixesOverlap) continue;
      if (!rule.hasFilter && !other.hasFilter) {
        throw invalidArgument("Configurations overlap. Configurations on the same bucket cannot share a common event type.");
      }
      throw invalidArgument(
        "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.",
      );
    }
  });
}
