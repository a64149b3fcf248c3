/**
 * A consumer's Lambda function. Code is compared by CodeSha256 (deterministic
 * zips: an unchanged re-run uploads nothing). Lambda refuses updates while the
 * function is Pending or an update is InProgress, so every change waits for
 * the function to be idle before and after.
 */
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { OperationError } from "../errors.js";
import type { ConsumerSpec } from "../stack/config.js";
import { FUNCTION_STATE, IAM_PROPAGATION, retryTransient, waitUntil } from "../waits.js";
import { errorMessage, isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type FieldChange, type HandlerCode, type ResourceEnv, type ResourceModule, waitsOf } from "./resource.js";
import { roleExists } from "./role.js";
import { describeMissingTags, missingTags, type Tags } from "./tags.js";

export interface FunctionProps {
  name: string;
  arn: string;
  consumer: ConsumerSpec;
  roleArn: string;
  runtime: Runtime;
  handler: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
  tags: Tags;
}

export const lambdaFunction: ResourceModule<FunctionProps> = {
  describe: (props) => `function ${props.name}`,

  async read(props, env) {
    const live = await getConfiguration(props.name, env);
    if (!live) return absent;
    const drift: Drift[] = [];
    const code = await env.handlerCode(props.consumer).catch((error: unknown) => error);
    if (!isHandlerCode(code)) {
      // Status and teardown still work without a built bundle; only a repair needs it.
      drift.push({
        description: `code cannot be compared: ${errorMessage(code)}`,
        repair: () => Promise.reject(code),
      });
    } else if (live.CodeSha256 !== code.sha256) {
      drift.push({
        description: `code differs (CodeSha256 ${live.CodeSha256 ?? "none"}, expected ${code.sha256})`,
        changes: [{ field: "CodeSha256", current: live.CodeSha256, planned: code.sha256 }],
        repair: async () => {
          await waitIdle(props.name, env);
          await env.clients.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: props.name, ZipFile: code.zip }));
          await waitIdle(props.name, env);
        },
      });
    }
    const configurationChanges = configurationDifferences(live, props);
    if (configurationChanges.length > 0) {
      drift.push({
        description: configurationChanges.map(describeChange).join("; "),
        changes: configurationChanges,
        repair: async () => {
          await waitIdle(props.name, env);
          await env.clients.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: props.name, ...desiredConfiguration(props) }));
          await waitIdle(props.name, env);
        },
      });
    }
    const { Tags: liveTags = {} } = await env.clients.lambda.send(new ListTagsCommand({ Resource: props.arn }));
    const missing = missingTags(props.tags, liveTags);
    if (Object.keys(missing).length > 0) {
      drift.push({
        description: describeMissingTags(missing),
        repair: async () => {
          await env.clients.lambda.send(new TagResourceCommand({ Resource: props.arn, Tags: missing }));
        },
      });
    }
    return present(drift, {
      state: live.State ?? "unknown",
      lastUpdateStatus: live.LastUpdateStatus ?? "unknown",
      codeSha256: live.CodeSha256 ?? "",
    });
  },

  async create(props, env) {
    const code = await env.handlerCode(props.consumer);
    const failIfRoleGone = roleGoneCheck(props.roleArn, env);
    await retryTransient(
      `role ${props.roleArn} to become assumable by Lambda`,
      () =>
        env.clients.lambda
          .send(
            new CreateFunctionCommand({
              FunctionName: props.name,
              Code: { ZipFile: code.zip },
              PackageType: "Zip",
              Tags: props.tags,
              ...desiredConfiguration(props),
            }),
          )
          .catch(async (error: unknown) => {
            if (isRoleNotAssumable(error)) await failIfRoleGone(error);
            throw error;
          }),
      // IAM is eventually consistent: a new role is not assumable for a few seconds (aws-behaviour §6.3).
      (error) => (isRoleNotAssumable(error) ? "the new role is not yet assumable by Lambda (IAM propagation)" : undefined),
      IAM_PROPAGATION,
      waitsOf(env, "retrying"),
    );
    await waitIdle(props.name, env);
  },

  async remove(props, env) {
    try {
      await retryTransient(
        `function ${props.name} to finish its update`,
        () => env.clients.lambda.send(new DeleteFunctionCommand({ FunctionName: props.name })),
        (error) => (isAwsError(error, "ResourceConflictException") ? "an update is in progress" : undefined),
        FUNCTION_STATE,
        waitsOf(env),
      );
      return "deleted";
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return "absent";
      throw error;
    }
  },
};

function isHandlerCode(value: unknown): value is HandlerCode {
  return typeof (value as HandlerCode | undefined)?.sha256 === "string";
}

function desiredConfiguration(props: FunctionProps) {
  return {
    Role: props.roleArn,
    Runtime: props.runtime,
    Handler: props.handler,
    Timeout: props.timeoutSeconds,
    MemorySize: props.memoryMb,
    Environment: { Variables: props.environment },
    Description: props.description,
  };
}

function configurationDifferences(live: FunctionConfiguration, props: FunctionProps): FieldChange[] {
  const desired = desiredConfiguration(props);
  const changes: FieldChange[] = [];
  const compare = (field: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) changes.push({ field, current: actual, planned: expected });
  };
  compare("Role", live.Role, desired.Role);
  compare("Runtime", live.Runtime, desired.Runtime);
  compare("Handler", live.Handler, desired.Handler);
  compare("Timeout", live.Timeout, desired.Timeout);
  compare("MemorySize", live.MemorySize, desired.MemorySize);
  const liveVariables = live.Environment?.Variables ?? {};
  const changedVariables = [
    ...new Set([...Object.keys(liveVariables), ...Object.keys(props.environment)]),
  ].filter((name) => liveVariables[name] !== props.environment[name]);
  for (const name of changedVariables.sort()) compare(`environment ${name}`, liveVariables[name], props.environment[name]);
  return changes;
}

function describeChange(change: FieldChange): string {
  return `${change.field} is ${String(change.current ?? "unset")}, expected ${String(change.planned ?? "unset")}`;
}

async function getConfiguration(name: string, env: ResourceEnv): Promise<FunctionConfiguration | undefined> {
  try {
    return await env.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException")) return undefined;
    throw error;
  }
}

/** Waits until the function is Active with no update in progress (what the SDK's ActiveV2/UpdatedV2 waiters check). */
export async function waitIdle(name: string, env: ResourceEnv): Promise<void> {
  await waitUntil(
    `function ${name} to be ready`,
    async () => {
      const live = await getConfiguration(name, env);
      if (!live) throw new OperationError(`function ${name} disappeared while waiting for it`);
      if (live.State === "Failed") {
        throw new OperationError(`function ${name} failed: ${live.StateReason ?? live.StateReasonCode ?? "no reason given"}`);
      }
      if (live.State === "Pending") return { done: false, reason: "function is Pending" };
      if (live.LastUpdateStatus === "InProgress") return { done: false, reason: "an update is in progress" };
      return { done: true, value: undefined };
    },
    FUNCTION_STATE,
    waitsOf(env),
  );
}

/**
 * Lambda words a role still propagating and a role that is gone alike. Gone on
 * three reads in a row (IAM reads settle within seconds) is a teardown that ran
 * meanwhile: waiting out two minutes of propagation would only delay the same failure.
 */
function roleGoneCheck(roleArn: string, env: ResourceEnv): (cause: unknown) => Promise<void> {
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  let missingReads = 0;
  return async (cause) => {
    missingReads = (await roleExists(roleName, env)) ? 0 : missingReads + 1;
    if (missingReads >= 3) {
      throw new OperationError(`role ${roleName} no longer exists (deleted while this setup ran, by a concurrent eda teardown?): run eda setup again`, { cause });
    }
  };
}

function isRoleNotAssumable(error: unknown): boolean {
  return isAwsError(error, "InvalidParameterValueException") && /cannot be assumed by Lambda/i.test(errorMessage(error));
}
