/**
 * The SQS event source mapping that feeds a queue to its function, with
 * partial batch responses (ReportBatchItemFailures). Mappings have no name:
 * they are found by (queue ARN, function ARN). Lambda rejects updates and
 * deletes while a mapping is in transition (ResourceInUseException), and
 * creation fails for a while after the role's policy is put (IAM
 * propagation): both are waited out, visibly.
 */
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  type FunctionResponseType,
} from "@aws-sdk/client-lambda";
import { OperationError } from "../errors.js";
import { IAM_PROPAGATION, MAPPING_STATE, retryTransient, waitUntil } from "../waits.js";
import { errorMessage, isAwsError } from "../aws-errors.js";
import { absent, ConcurrentChange, present, type Drift, type ResourceEnv, type ResourceModule, waitsOf } from "./resource.js";
import { describeMissingTags, missingTags, type Tags } from "./tags.js";

export interface EventSourceMappingProps {
  functionName: string;
  functionArn: string;
  queueName: string;
  queueArn: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  functionResponseTypes: FunctionResponseType[];
  tags: Tags;
}

const TRANSITIONAL_STATES = new Set(["Creating", "Enabling", "Updating", "Disabling"]);

export const eventSourceMapping: ResourceModule<EventSourceMappingProps> = {
  describe: (props) => `event source mapping ${props.queueName} -> ${props.functionName}`,

  async read(props, env) {
    const live = (await findMappings(props, env)).find((mapping) => mapping.State !== "Deleting");
    if (!live?.UUID) return absent;
    const uuid = live.UUID;
    const drift: Drift[] = [];
    const problems = mappingDifferences(live, props);
    if (problems.length > 0) {
      drift.push({
        description: problems.join("; "),
        repair: async () => {
          await waitSettled(uuid, props, env);
          await retryWhileInUse(props, env, () =>
            env.clients.lambda.send(
              new UpdateEventSourceMappingCommand({
                UUID: uuid,
                BatchSize: props.batchSize,
                MaximumBatchingWindowInSeconds: props.maximumBatchingWindowSeconds,
                FunctionResponseTypes: props.functionResponseTypes,
                Enabled: true,
              }),
            ),
          );
          await waitEnabled(uuid, props, env);
        },
      });
    } else if (TRANSITIONAL_STATES.has(live.State ?? "")) {
      // An earlier run was interrupted while the mapping was still starting: finish that wait.
      drift.push({ description: `state is ${live.State}, not yet Enabled`, repair: () => waitEnabled(uuid, props, env) });
    }
    if (live.EventSourceMappingArn) {
      const mappingArn = live.EventSourceMappingArn;
      const { Tags: liveTags = {} } = await env.clients.lambda.send(new ListTagsCommand({ Resource: mappingArn }));
      const missing = missingTags(props.tags, liveTags);
      if (Object.keys(missing).length > 0) {
        drift.push({
          description: describeMissingTags(missing),
          repair: async () => {
            await env.clients.lambda.send(new TagResourceCommand({ Resource: mappingArn, Tags: missing }));
          },
        });
      }
    }
    return present(drift, {
      state: live.State ?? "unknown",
      uuid,
      lastProcessingResult: live.LastProcessingResult ?? "",
    });
  },

  async create(props, env) {
    // A mapping still being deleted (an interrupted teardown) blocks a new one for the same pair;
    // one in any other state was created since this run read it, by another run.
    for (const found of await findMappings(props, env)) {
      if (found.State !== "Deleting") throw new ConcurrentChange(`mapping ${found.UUID} was created by another run`);
      if (found.UUID) await waitGone(found.UUID, props, env);
    }
    const created = await retryTransient(
      `the role of ${props.functionName} to be allowed to read ${props.queueName}`,
      () =>
        env.clients.lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: props.functionName,
            EventSourceArn: props.queueArn,
            BatchSize: props.batchSize,
            MaximumBatchingWindowInSeconds: props.maximumBatchingWindowSeconds,
            FunctionResponseTypes: props.functionResponseTypes,
            Enabled: true,
            Tags: props.tags,
          }),
        ),
      // Right after PutRolePolicy, Lambda may not see the new permissions yet (aws-behaviour §6.3, §8.1).
      (error) =>
        isAwsError(error, "InvalidParameterValueException") && /execution role does not have permissions/i.test(errorMessage(error))
          ? "the execution role's permissions are not visible to Lambda yet (IAM propagation)"
          : undefined,
      IAM_PROPAGATION,
      waitsOf(env, "retrying"),
    );
    if (!created.UUID) throw new OperationError(`Lambda returned no UUID for the mapping ${props.queueName} -> ${props.functionName}`);
    await waitEnabled(created.UUID, props, env);
  },

  async remove(props, env) {
    const mappings = await findMappings(props, env);
    if (mappings.length === 0) return "absent";
    for (const mapping of mappings) {
      const uuid = mapping.UUID;
      if (!uuid) continue;
      if (mapping.State !== "Deleting") {
        try {
          await retryWhileInUse(props, env, () => env.clients.lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid })));
        } catch (error) {
          if (!isAwsError(error, "ResourceNotFoundException")) throw error;
        }
      }
      // Deletion is asynchronous ("might not be completely deleted for several seconds").
      await waitGone(uuid, props, env);
    }
    return "deleted";
  },
};

function mappingDifferences(live: EventSourceMappingConfiguration, props: EventSourceMappingProps): string[] {
  const problems: string[] = [];
  if (live.BatchSize !== props.batchSize) problems.push(`BatchSize is ${live.BatchSize ?? "unset"}, expected ${props.batchSize}`);
  const window = live.MaximumBatchingWindowInSeconds ?? 0;
  if (window !== props.maximumBatchingWindowSeconds) {
    problems.push(`MaximumBatchingWindowInSeconds is ${window}, expected ${props.maximumBatchingWindowSeconds}`);
  }
  const missingTypes = props.functionResponseTypes.filter((type) => !(live.FunctionResponseTypes ?? []).includes(type));
  if (missingTypes.length > 0) problems.push(`FunctionResponseTypes lacks ${missingTypes.join(", ")}`);
  if (live.State === "Disabled" || live.State === "Disabling") problems.push(`state is ${live.State}, expected Enabled`);
  return problems;
}

/** This function's mappings on this queue (a deleted function's mappings included: they outlive it). */
async function findMappings(props: EventSourceMappingProps, env: ResourceEnv): Promise<EventSourceMappingConfiguration[]> {
  const found: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await env.clients.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: props.queueArn, Marker: marker }));
    found.push(
      ...(page.EventSourceMappings ?? []).filter(
        (mapping) => mapping.FunctionArn === props.functionArn || mapping.FunctionArn?.startsWith(`${props.functionArn}:`),
      ),
    );
    marker = page.NextMarker;
  } while (marker);
  return found;
}

async function getMapping(uuid: string, env: ResourceEnv): Promise<EventSourceMappingConfiguration | undefined> {
  try {
    return await env.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException")) return undefined;
    throw error;
  }
}

function retryWhileInUse<T>(props: EventSourceMappingProps, env: ResourceEnv, call: () => Promise<T>): Promise<T> {
  return retryTransient(
    `the mapping ${props.queueName} -> ${props.functionName} to finish its transition`,
    call,
    (error) => (isAwsError(error, "ResourceInUseException") ? "the mapping is changing state" : undefined),
    MAPPING_STATE,
    waitsOf(env),
  );
}

function waitForState(
  uuid: string,
  props: EventSourceMappingProps,
  env: ResourceEnv,
  what: string,
  settled: (mapping: EventSourceMappingConfiguration | undefined) => boolean,
): Promise<void> {
  return waitUntil(
    `mapping ${props.queueName} -> ${props.functionName} to be ${what}`,
    async () => {
      const mapping = await getMapping(uuid, env);
      if (settled(mapping)) return { done: true, value: undefined };
      if (!mapping) throw new OperationError(`mapping ${props.queueName} -> ${props.functionName} (${uuid}) disappeared`);
      if (mapping.State === "Disabled" && what === "Enabled") {
        throw new OperationError(
          `mapping ${props.queueName} -> ${props.functionName} is Disabled: ${mapping.StateTransitionReason ?? "no reason given"}`,
        );
      }
      return { done: false, reason: `mapping is ${mapping.State ?? "in an unknown state"}` };
    },
    MAPPING_STATE,
    waitsOf(env),
  );
}

function waitEnabled(uuid: string, props: EventSourceMappingProps, env: ResourceEnv): Promise<void> {
  return waitForState(uuid, props, env, "Enabled", (mapping) => mapping?.State === "Enabled");
}

function waitSettled(uuid: string, props: EventSourceMappingProps, env: ResourceEnv): Promise<void> {
  return waitForState(uuid, props, env, "settled", (mapping) => mapping !== undefined && !TRANSITIONAL_STATES.has(mapping.State ?? ""));
}

function waitGone(uuid: string, props: EventSourceMappingProps, env: ResourceEnv): Promise<void> {
  return waitForState(uuid, props, env, "deleted", (mapping) => mapping === undefined);
}
