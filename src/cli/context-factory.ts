/**
 * Turns the global options and the environment into a CoreContext: which
 * stack, which region and endpoint, which credentials, and the seven SDK
 * clients. Everything is checked here, before a command changes anything.
 */
import { loadSharedConfigFiles, type SharedConfigFiles } from "@smithy/core/config";
import { createAwsClients, credentialsFor, destroyAwsClients, LOCAL_CREDENTIALS } from "../core/clients.js";
import { LOCAL_DEFAULT_REGION } from "../core/command-line.js";
import { endpointsOf, targetEndpoints } from "../core/configured-endpoints.js";
import { systemCoreClock, type AwsTarget, type CoreContext } from "../core/context.js";
import { BUILTIN_CONSUMER_SPECS } from "../core/stack/config.js";
import { OperationError, UsageError } from "../core/errors.js";
import {
  checkCredentials,
  checkEndpointAnswers,
  describeNetworkError,
  validateEndpointUrl,
  validateRegion,
  validateStackName,
} from "../core/preflight.js";
import { openProject, type Project } from "../core/project/open-project.js";
import type { GlobalOptions } from "./global-options.js";
import { ensureLocalEmulator } from "./local/background-emulator.js";
import type { CommandSession } from "./command-session.js";

/** The emulator does not care about the region; this is the one users of local emulators expect. */
export { LOCAL_DEFAULT_REGION } from "../core/command-line.js";

export interface BuiltContext {
  context: CoreContext;
  /** Closes the clients' connections. */
  dispose(): void;
}

export async function createCoreContext(session: CommandSession, env: NodeJS.ProcessEnv): Promise<BuiltContext> {
  const project = await openProject(session.options, process.cwd());
  const { stack, target } = await resolveTarget(withProject(session.options, project), env);
  if (target.local) {
    const emulator = await ensureLocalEmulator({ env });
    if (emulator.started) {
      session.events.emit({
        type: "info",
        message: `started the local emulator at ${emulator.endpoint} (pid ${emulator.pid}); stop it with: eda local stop`,
      });
    }
    target.endpoint = emulator.endpoint;
    target.timeScale = emulator.timeScale;
    if (emulator.timeScale !== 1) {
      session.events.emit({ type: "info", message: `the local emulator runs queue time ${emulator.timeScale}x faster (eda local start --time-scale): visibility timeouts, delays and retries pass ${emulator.timeScale} times sooner` });
    }
  } else {
    for (const endpoint of endpointsOf(target)) await checkEndpointAnswers(endpoint);
  }

  const clients = createAwsClients(target, target.local ? LOCAL_CREDENTIALS : credentialsFor(target));
  try {
    const identity = await checkCredentials(clients.sts, describeTarget(target), session.signal, target.profile ?? nonEmpty(env.AWS_PROFILE));
    if (session.output.verbose) {
      session.events.emit({ type: "info", message: `stack ${stack} on ${describeTarget(target)} as ${identity.arn} (account ${identity.account})` });
    }
  } catch (error) {
    destroyAwsClients(clients);
    throw explainNetworkError(error, target);
  }
  return {
    context: { stack, consumers: project?.consumers ?? BUILTIN_CONSUMER_SPECS, target, clients, events: session.events, signal: session.signal, clock: systemCoreClock },
    dispose: () => destroyAwsClients(clients),
  };
}

/** The project file's stack and region, unless --stack and --region say otherwise. */
function withProject(options: GlobalOptions, project: Project | undefined): GlobalOptions {
  if (!project) return options;
  return { ...options, stack: options.stackFromFlag ? options.stack : project.stack, region: options.region ?? project.region };
}

/**
 * The stack and target from options and environment. Precedence: flags, then
 * AWS_* variables, then the profile's settings; --local ignores the
 * environment's endpoint, profile and region, which describe real AWS.
 */
export async function resolveTarget(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<{ stack: string; target: AwsTarget }> {
  const stack = validateStackName(options.stack);
  if (options.local) {
    if (options.endpointUrl) throw new UsageError("--local and --endpoint-url cannot be used together: --local already points at the embedded emulator");
    const region = validateRegion(options.region ?? LOCAL_DEFAULT_REGION);
    return { stack, target: { region, local: true } };
  }
  const profile = options.profile ?? nonEmpty(env.AWS_PROFILE);
  // Always read: the profile may configure endpoints (endpoint_url, a services section) as the AWS CLI reads them.
  const sharedConfig = await loadSharedConfigFiles();
  if (profile !== undefined && sharedConfig && !(profile in sharedConfig.configFile) && !(profile in sharedConfig.credentialsFile)) {
    const source = options.profile === undefined ? " (from AWS_PROFILE)" : "";
    throw new UsageError(`AWS profile "${profile}"${source} not found in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)`);
  }
  const region =
    options.region ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    (sharedConfig && profileRegion(sharedConfig, profile ?? "default"));
  if (region === undefined) {
    throw new UsageError("no AWS region: pass --region, set AWS_REGION, or set region in your AWS profile (or use --local)");
  }
  const endpoints = targetEndpoints(options.endpointUrl, env, sharedConfig.configFile, profile ?? "default", validateEndpointUrl);
  return { stack, target: { region: validateRegion(region), local: false, ...endpoints, ...(profile ? { profile } : {}) } };
}

function profileRegion({ configFile, credentialsFile }: SharedConfigFiles, profile: string): string | undefined {
  return nonEmpty(configFile[profile]?.region) ?? nonEmpty(credentialsFile[profile]?.region);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** "the local emulator at http://127.0.0.1:4566", "endpoint http://localhost:5000", "AWS (eu-west-1)" */
export function describeTarget(target: AwsTarget): string {
  if (target.local) return `the local emulator at ${target.endpoint}`;
  if (target.endpoint) return `endpoint ${target.endpoint}`;
  if (target.serviceEndpoints) return `endpoints ${endpointsOf(target).join(", ")} (per service, from the AWS config)`;
  return `AWS (${target.region})`;
}

/** A connection-level failure becomes one line naming where eda tried to connect. */
export function explainNetworkError(error: unknown, target: AwsTarget): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!(error instanceof Error) || !code || !/^(E[A-Z_]+|TimeoutError)$/.test(code)) return error;
  return new OperationError(`cannot reach ${describeTarget(target)}: ${describeNetworkError(error as NodeJS.ErrnoException)}`, { cause: error });
}
