/**
 * What the picture of the pipeline shows, before any text is laid out:
 * bucket -> topic -> one lane per consumer (subscription -> queue with its
 * DLQ -> mapping -> function), each part with its health and the figures
 * known now. Built from `eda status`'s resources or from `eda test`'s
 * progress events. Pure: no terminal, no glyphs, no colour.
 */
import type { TestProgressData } from "../../core/events.js";
import type { ResourceStatus } from "../../core/provision/status.js";

/** Worst last: a part shows the worst state among the resources it stands for. */
export type Health = "ok" | "drifted" | "error" | "missing";

const HEALTH_ORDER: readonly Health[] = ["ok", "drifted", "error", "missing"];

export interface Part {
  health: Health;
  /** Why a part is not ok when one of its helper resources is the cause ("role missing"), or a state worth saying (a mapping "Disabled"). */
  note?: string;
}

export interface Lane {
  /** The consumer, or for a folded lane how many consumers it stands for ("5 more"). */
  name: string;
  /** Consumers this lane stands for: 1, or more for the lane that folds the ones without room. */
  consumers: number;
  /** Topic -> queue: the subscription and the queue policy admitting it; p50 of SNS -> SQS. */
  subscription: Part & { p50?: number };
  /** The queue and its DLQ; depths when known. */
  queue: Part & { visible?: number; inFlight?: number; deadLetters?: number; deadLettersExpected: boolean };
  /** Queue -> function: the event source mapping; p50 of SQS -> consumer start. */
  mapping: Part & { p50?: number };
  /** The function (with its role, policy, log group): state, results so far, p50 of consumer start -> result. */
  fn: Part & { state?: string; results?: number; p50?: number };
}

export interface PipelineModel {
  /** Health was read from the stack (status); a test's live view takes it as given and shows figures only. */
  checked: boolean;
  /** The bucket; objects uploaded by a test, p50 of upload -> S3 event. */
  bucket: Part & { uploaded?: { done: number; planned: number; failed: number }; p50?: number };
  /** Bucket -> topic: the bucket notification (its key prefix); p50 of S3 event -> SNS. */
  notification: Part & { prefix?: string; p50?: number };
  topic: Part;
  lanes: Lane[];
}

/** Lanes beyond this are folded into one: the picture stays short enough to redraw in a 24-row terminal. */
export const MAX_LANES = 8;

export function worst(healths: Iterable<Health>): Health {
  let result: Health = "ok";
  for (const health of healths) if (HEALTH_ORDER.indexOf(health) > HEALTH_ORDER.indexOf(result)) result = health;
  return result;
}

/** `eda status`'s resources as the picture: each part the worst of its resources, a note naming a helper resource at fault. */
export function statusModel(resources: readonly ResourceStatus[], prefix?: string): PipelineModel {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const part = (main: string, helpers: readonly string[] = []): Part => {
    const own = byId.get(main);
    const health = worst([own, ...helpers.map((id) => byId.get(id))].filter((resource) => resource !== undefined).map(healthOf));
    if (health === "ok" || (own && healthOf(own) === health)) return { health };
    const culprit = helpers.map((id) => byId.get(id)).find((resource) => resource && healthOf(resource) === health)!;
    return { health, note: `${culprit.kind} ${culprit.state === "error" ? "unreadable" : culprit.state}` };
  };
  const consumers = [...new Set(resources.map((resource) => resource.id).filter((id) => id.includes(":")).map((id) => id.slice(id.indexOf(":") + 1)))];
  const lanes = consumers.map((consumer): Lane => {
    const id = (kind: string) => `${kind}:${consumer}`;
    const queue = byId.get(id("queue"));
    const dlq = byId.get(id("dlq"));
    const fn = byId.get(id("function"));
    const mapping = byId.get(id("mapping"));
    const mappingPart = part(id("mapping"));
    const mappingState = mapping?.state === "present" || mapping?.state === "drifted" ? String(mapping.facts.state ?? "") : "";
    return {
      name: consumer,
      consumers: 1,
      subscription: part(id("subscription"), [id("queue-policy")]),
      queue: {
        ...part(id("queue"), [id("dlq")]),
        ...(queue && isRead(queue) ? { visible: Number(queue.facts.visible ?? 0), inFlight: Number(queue.facts.inFlight ?? 0) } : {}),
        ...(dlq && isRead(dlq) ? { deadLetters: Number(dlq.facts.visible ?? 0) + Number(dlq.facts.inFlight ?? 0) } : {}),
        deadLettersExpected: false,
      },
      // A mapping that exists but does not deliver (Disabled, Creating...) is marked like drift.
      mapping: mappingPart.health === "ok" && mappingState && mappingState !== "Enabled" ? { health: "drifted", note: mappingState } : mappingPart,
      fn: { ...part(id("function"), [id("role"), id("role-policy"), id("log-group")]), ...(fn && isRead(fn) && fn.facts.state ? { state: String(fn.facts.state) } : {}) },
    };
  });
  return {
    checked: true,
    bucket: part("bucket"),
    notification: { ...part("bucket-notification"), ...(prefix ? { prefix } : {}) },
    topic: part("topic", ["topic-policy"]),
    lanes: foldLanes(lanes),
  };
}

/** `eda test`'s latest progress as the picture: parts are taken as healthy (the test checked the stack before it started). */
export function testModel(progress: TestProgressData): PipelineModel {
  const consumers = Object.keys(progress.consumers);
  const hop = (consumer: string | undefined, id: string): { p50?: number } => {
    const value = consumer === undefined ? undefined : progress.hopP50[consumer]?.[id];
    return value === undefined ? {} : { p50: value };
  };
  // The bucket's hops are the same events for every consumer: the first consumer with a figure speaks for them.
  const sharedHop = (id: string) => hop(consumers.find((consumer) => progress.hopP50[consumer]?.[id] !== undefined), id);
  const lanes = consumers.map((consumer): Lane => {
    const depth = progress.queues[consumer];
    const figures = progress.consumers[consumer]!;
    return {
      name: consumer,
      consumers: 1,
      subscription: { health: "ok", ...hop(consumer, "sns-to-sqs") },
      queue: { health: "ok", ...(depth ? { visible: depth.visible, inFlight: depth.inFlight } : {}), deadLetters: figures.deadLettered, deadLettersExpected: progress.poison > 0 },
      mapping: { health: "ok", ...hop(consumer, "sqs-to-consumer") },
      fn: { health: "ok", results: figures.results, ...hop(consumer, "consumer-to-result") },
    };
  });
  return {
    checked: false,
    bucket: { health: "ok", uploaded: { done: progress.uploaded, planned: progress.planned, failed: progress.uploadFailed }, ...sharedHop("upload-to-s3-event") },
    notification: { health: "ok", ...sharedHop("s3-event-to-sns") },
    topic: { health: "ok" },
    lanes: foldLanes(lanes),
  };
}

/** Whether `eda test`'s progress event carries what the picture needs (older emitters or other commands do not). */
export function isTestProgress(data: Record<string, unknown>): data is Record<string, unknown> & TestProgressData {
  return (
    typeof data.planned === "number" &&
    typeof data.uploaded === "number" &&
    typeof data.consumers === "object" &&
    data.consumers !== null &&
    typeof data.queues === "object" &&
    data.queues !== null &&
    typeof data.hopP50 === "object" &&
    data.hopP50 !== null
  );
}

/**
 * Up to MAX_LANES lanes as they are; beyond, the first MAX_LANES - 1 and one
 * lane for the rest: their depths and results summed, the worst health, no p50.
 */
export function foldLanes(lanes: readonly Lane[], max = MAX_LANES): Lane[] {
  if (lanes.length <= max) return [...lanes];
  const kept = lanes.slice(0, max - 1);
  const rest = lanes.slice(max - 1);
  const sum = (values: (number | undefined)[]) => (values.some((value) => value === undefined) ? undefined : values.reduce<number>((total, value) => total + value!, 0));
  const folded = (parts: Part[]): Part => {
    const health = worst(parts.map((part) => part.health));
    const faulty = parts.filter((part) => part.health !== "ok").length;
    return health === "ok" ? { health } : { health, note: `${faulty} not ok` };
  };
  const optional = <K extends string>(key: K, value: number | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, number>));
  return [
    ...kept,
    {
      name: `${rest.length} more`,
      consumers: rest.reduce((total, lane) => total + lane.consumers, 0),
      subscription: folded(rest.map((lane) => lane.subscription)),
      queue: {
        ...folded(rest.map((lane) => lane.queue)),
        ...optional("visible", sum(rest.map((lane) => lane.queue.visible))),
        ...optional("inFlight", sum(rest.map((lane) => lane.queue.inFlight))),
        ...optional("deadLetters", sum(rest.map((lane) => lane.queue.deadLetters))),
        deadLettersExpected: rest.some((lane) => lane.queue.deadLettersExpected),
      },
      mapping: folded(rest.map((lane) => lane.mapping)),
      fn: {
        ...folded(rest.map((lane) => lane.fn)),
        ...optional("results", sum(rest.map((lane) => lane.fn.results))),
        // A state all of them share ("Active") still says something.
        ...(rest.every((lane) => lane.fn.state !== undefined && lane.fn.state === rest[0]!.fn.state) ? { state: rest[0]!.fn.state! } : {}),
      },
    },
  ];
}

function healthOf(resource: ResourceStatus): Health {
  return resource.state === "present" ? "ok" : resource.state;
}

/** A resource whose figures were read (present, or present with drift). */
function isRead(resource: ResourceStatus): boolean {
  return resource.state === "present" || resource.state === "drifted";
}
