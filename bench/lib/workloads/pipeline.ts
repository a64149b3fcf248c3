/**
 * The base of the workload drivers in bench/lib/workloads/ (crash-resume,
 * faulted lifecycle, load): a CoreContext against an emulator endpoint and a
 * stack's names. The drivers live beside the benchmarks because a benchmark
 * runs them at full size to print figures, while test/reliability runs the
 * same drivers small to assert on them; tests may import bench/lib, bench
 * never imports test/.
 */
import { createAwsClients, destroyAwsClients } from "../../../src/core/clients.js";
import { systemCoreClock, type AwsClients, type CoreContext } from "../../../src/core/context.js";
import { RecordingSink } from "../../../src/core/events.js";
import { BUILTIN_CONSUMER_SPECS, stackConfig, type StackConfig } from "../../../src/core/stack/config.js";
import { DEFAULT_ACCOUNT_ID } from "../../../src/emulator/settings.js";

/** The region the workloads provision in; the account is the emulator's default. */
export const EMULATOR_REGION = "us-east-1";

const ADMIN_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

export type Keys = { accessKeyId: string; secretAccessKey: string };

export function adminClients(endpoint: string, credentials: Keys = ADMIN_CREDENTIALS): AwsClients {
  return createAwsClients({ region: EMULATOR_REGION, endpoint, local: false }, { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
}

/** A CoreContext for in-process setup/teardown; `dispose` closes its clients. */
export function coreContext(endpoint: string, stack: string, credentials: Keys = ADMIN_CREDENTIALS) {
  const events = new RecordingSink();
  const signal = new AbortController().signal;
  const clients = adminClients(endpoint, credentials);
  const ctx: CoreContext = { stack, consumers: BUILTIN_CONSUMER_SPECS, target: { region: EMULATOR_REGION, endpoint, local: false }, clients, events, signal, clock: systemCoreClock };
  return { ctx, events, dispose: () => destroyAwsClients(clients) };
}

export function emulatorStack(stack: string): StackConfig {
  return stackConfig({ stack, account: DEFAULT_ACCOUNT_ID, region: EMULATOR_REGION });
}
