/** Status resources and test progress as core produces them, for the picture's unit tests. */
import type { TestProgressData } from "../../../../src/core/events.js";
import type { ResourceState, ResourceStatus } from "../../../../src/core/provision/status.js";

export function resource(id: string, kind: string, state: ResourceState = "present", facts: ResourceStatus["facts"] = {}): ResourceStatus {
  return { id, kind, resource: `demo-${id.replace(":", "-")}`, state, drift: state === "drifted" ? ["something differs"] : [], changes: [], describedOnly: [], facts };
}

/** Every resource of a stack with these consumers, present, in plan order; `dlq` gives a consumer's DLQ depth. */
export function stackResources(consumers: readonly string[], dlq: Record<string, number> = {}): ResourceStatus[] {
  const resources = [resource("bucket", "bucket"), resource("topic", "topic"), resource("topic-policy", "topic-policy")];
  for (const consumer of consumers) {
    resources.push(
      resource(`dlq:${consumer}`, "queue", "present", { visible: dlq[consumer] ?? 0, inFlight: 0, delayed: 0 }),
      resource(`queue:${consumer}`, "queue", "present", { visible: 3, inFlight: 1, delayed: 0 }),
      resource(`queue-policy:${consumer}`, "queue-policy"),
      resource(`subscription:${consumer}`, "subscription"),
      resource(`log-group:${consumer}`, "log-group"),
      resource(`role:${consumer}`, "role"),
      resource(`role-policy:${consumer}`, "role-policy"),
      resource(`function:${consumer}`, "function", "present", { state: "Active", lastUpdateStatus: "Successful" }),
      resource(`mapping:${consumer}`, "event-source-mapping", "present", { state: "Enabled", lastProcessingResult: "OK" }),
    );
  }
  resources.push(resource("bucket-notification", "bucket-notification"));
  return resources;
}

/** The same resources with some replaced: `{ "role:audit": "missing" }`. */
export function withStates(resources: readonly ResourceStatus[], states: Record<string, ResourceState>): ResourceStatus[] {
  return resources.map((entry) => (states[entry.id] ? resource(entry.id, entry.kind, states[entry.id], states[entry.id] === "missing" ? {} : entry.facts) : entry));
}

/** `eda test`'s progress for the built-in pair, halfway through a run of 6 objects with one poisoned. */
export function builtinProgress(): TestProgressData {
  return {
    runId: "20261202T120000Z-abc123",
    elapsedMs: 3200,
    planned: 6,
    uploaded: 6,
    uploadFailed: 0,
    poison: 1,
    consumers: { inventory: { results: 4, deadLettered: 0 }, audit: { results: 3, deadLettered: 1 } },
    queues: { inventory: { visible: 1, inFlight: 1 }, audit: { visible: 0, inFlight: 2 } },
    hopP50: {
      inventory: { "upload-to-s3-event": 31, "s3-event-to-sns": 12, "sns-to-sqs": 8, "sqs-to-consumer": 40, "consumer-to-result": 15 },
      audit: { "upload-to-s3-event": 33, "s3-event-to-sns": 14, "sns-to-sqs": 9, "sqs-to-consumer": 1234, "consumer-to-result": 12 },
    },
  };
}
