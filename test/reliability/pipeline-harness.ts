/**
 * Fixtures the reliability suites share: a CoreContext against an emulator
 * endpoint, a stack's names, and the CLI helpers of the end-to-end suites.
 */
import { createAwsClients, destroyAwsClients } from "../../src/core/clients.js";
import { systemCoreClock, type AwsClients, type CoreContext } from "../../src/core/context.js";
import { RecordingSink } from "../../src/core/events.js";
import { stackConfig, type StackConfig } from "../../src/core/stack.js";
import { TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

export { ensureHandlerBundles } from "../e2e/setup-harness.js";

export const ADMIN_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

export function adminClients(endpoint: string): AwsClients {
  return createAwsClients({ region: TEST_REGION, endpoint, local: false }, ADMIN_CREDENTIALS);
}

/** A CoreContext for in-process setup/teardown; `dispose` closes its clients. */
export function coreContext(endpoint: string, stack: string, signal = new AbortController().signal) {
  const events = new RecordingSink();
  const clients = adminClients(endpoint);
  const ctx: CoreContext = { stack, target: { region: TEST_REGION, endpoint, local: false }, clients, events, signal, clock: systemCoreClock };
  return { ctx, events, dispose: () => destroyAwsClients(clients) };
}

export function emulatorStack(stack: string): StackConfig {
  return stackConfig({ stack, account: TEST_ACCOUNT, region: TEST_REGION });
}
