/**
 * Fixtures the reliability suites share: a CoreContext against an emulator
 * endpoint, a stack's names, and the CLI helpers of the end-to-end suites.
 */
import { createAwsClients, destroyAwsClients } from "../../src/core/clients.js";
import { systemCoreClock, type AwsClients, type CoreContext } from "../../src/core/context.js";
import { RecordingSink } from "../../src/core/events.js";
import { BUILTIN_CONSUMER_SPECS, stackConfig, type StackConfig } from "../../src/core/stack/config.js";
import { TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

export { ensureHandlerBundles } from "../e2e/setup-harness.js";

const ADMIN_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

export type Keys = { accessKeyId: string; secretAccessKey: string };

export function adminClients(endpoint: string, credentials: Keys = ADMIN_CREDENTIALS): AwsClients {
  return createAwsClients({ region: TEST_REGION, endpoint, local: false }, { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
}

/** A CoreContext for in-process setup/teardown; `dispose` closes its clients. */
export function coreContext(endpoint: string, stack: string, credentials: Keys = ADMIN_CREDENTIALS) {
  const events = new RecordingSink();
  const signal = new AbortController().signal;
  const clients = adminClients(endpoint, credentials);
  const ctx: CoreContext = { stack, consumers: BUILTIN_CONSUMER_SPECS, target: { region: TEST_REGION, endpoint, local: false }, clients, events, signal, clock: systemCoreClock };
  return { ctx, events, dispose: () => destroyAwsClients(clients) };
}

export function emulatorStack(stack: string): StackConfig {
  return stackConfig({ stack, account: TEST_ACCOUNT, region: TEST_REGION });
}
