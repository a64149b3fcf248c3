/**
 * An SQS queue (a consumer's queue or its dead-letter queue). Attributes are
 * compared one by one and repaired with SetQueueAttributes: CreateQueue on an
 * existing queue with other values fails (QueueNameExists), so it is only
 * called when the queue is missing.
 */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from "@aws-sdk/client-sqs";
import { QUEUE_NAME_REUSE, retryTransient } from "../waits.js";
import { parsePolicy } from "../stack/policies.js";
import { isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type ResourceEnv, type ResourceModule, waitsOf } from "./resource.js";
import { describeMissingTags, missingTags, type Tags } from "./tags.js";

export interface QueueProps {
  name: string;
  arn: string;
  /** Attribute values as SQS takes them: strings, JSON text for RedrivePolicy / RedriveAllowPolicy. */
  attributes: Record<string, string>;
  tags: Tags;
}

/** Attributes whose values are JSON documents, compared by content rather than text. */
const JSON_ATTRIBUTES = new Set(["RedrivePolicy", "RedriveAllowPolicy"]);

export const queue: ResourceModule<QueueProps> = {
  describe: (props) => `queue ${props.name}`,

  async read(props, env) {
    const url = await queueUrl(props.name, env);
    if (!url) return absent;
    const sqs = env.clients.sqs;
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }));
    const live: Record<string, string | undefined> = Attributes;
    const drift: Drift[] = Object.entries(props.attributes)
      .filter(([name, value]) => !sameAttribute(name, value, live[name]))
      .map(([name, value]) => ({
        description: `${name} is ${live[name] ?? "unset"}, expected ${value}`,
        changes: [
          JSON_ATTRIBUTES.has(name)
            ? { field: name, current: live[name] === undefined ? undefined : parsePolicy(live[name]), planned: JSON.parse(value) as unknown }
            : { field: name, current: live[name], planned: value },
        ],
        repair: async () => {
          await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [name]: value } }));
        },
      }));
    const { Tags: liveTags = {} } = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
    const missing = missingTags(props.tags, liveTags);
    if (Object.keys(missing).length > 0) {
      drift.push({
        description: describeMissingTags(missing),
        repair: async () => {
          await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: missing }));
        },
      });
    }
    return present(drift, {
      visible: Number(live.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(live.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(live.ApproximateNumberOfMessagesDelayed ?? 0),
    });
  },

  async create(props, env) {
    await retryTransient(
      `the name ${props.name} to become reusable`,
      () => env.clients.sqs.send(new CreateQueueCommand({ QueueName: props.name, Attributes: props.attributes, tags: props.tags })),
      // SQS refuses a recently deleted name for 60 s (a teardown just before this setup).
      (error) => (isAwsError(error, "QueueDeletedRecently") ? "SQS keeps a deleted queue's name for 60 s" : undefined),
      QUEUE_NAME_REUSE,
      waitsOf(env),
    );
  },

  async remove(props, env) {
    const url = await queueUrl(props.name, env);
    if (!url) return "absent";
    try {
      await env.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      return "deleted";
    } catch (error) {
      if (isNonExistentQueue(error)) return "absent";
      throw error;
    }
  },
};

/** The queue's URL, or undefined when it does not exist. */
export async function queueUrl(name: string, env: ResourceEnv): Promise<string | undefined> {
  try {
    const output = await env.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    return output.QueueUrl;
  } catch (error) {
    if (isNonExistentQueue(error)) return undefined;
    throw error;
  }
}

function isNonExistentQueue(error: unknown): boolean {
  return isAwsError(error, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue");
}

function sameAttribute(name: string, desired: string, live: string | undefined): boolean {
  if (live === undefined) return false;
  if (!JSON_ATTRIBUTES.has(name)) return desired === live;
  try {
    return JSON.stringify(normaliseJsonAttribute(JSON.parse(desired))) === JSON.stringify(normaliseJsonAttribute(JSON.parse(live)));
  } catch {
    return false;
  }
}

/** SQS may echo numbers as strings (maxReceiveCount) and reorder keys. */
function normaliseJsonAttribute(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseJsonAttribute).sort();
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, normaliseJsonAttribute(item)]),
    );
  }
  return typeof value === "number" ? String(value) : value;
}
