/**
 * Test fixture: an emulator on a free loopback port and SDK client settings
 * pointing at it. Each suite starts its own and stops it when done.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/emulator.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const TEST_REGION = "us-east-1";
export const TEST_ACCOUNT = "000000000000";

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, host: "127.0.0.1", ...options });
}

/** Client configuration for any SDK v3 client against the emulator. */
export function clientConfig(emulator: RunningEmulator, overrides: Record<string, unknown> = {}) {
  return {
    endpoint: emulator.endpoint,
    region: TEST_REGION,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    ...overrides,
  };
}
