/**
 * Starts and stops an emulator: one runtime, every service, one HTTP endpoint.
 * This is the only entry point other code (the CLI, tests, benches) uses.
 */
import { adminRoute } from "./gateway/admin-api.js";
import { Gateway, type RawRoute } from "./gateway/http-server.js";
import { EmulatorRuntime } from "./runtime.js";
import { allServices } from "./services/registry.js";
import { resolveSettings, type EmulatorSettings } from "./settings.js";

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningEmulator {
  endpoint: string;
  runtime: EmulatorRuntime;
  addRawRoute(route: RawRoute): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 4566, host = "127.0.0.1", ...overrides } = options;
  const runtime = new EmulatorRuntime(resolveSettings(overrides));
  const gateway = new Gateway(runtime);
  runtime.gateway = gateway;
  gateway.addRawRoute(adminRoute(runtime, Date.now()));
  for (const service of allServices) runtime.register(service);
  runtime.endpoint = await gateway.listen(port, host);
  for (const service of allServices) service.start?.(runtime);
  return {
    endpoint: runtime.endpoint,
    runtime,
    addRawRoute: (route) => gateway.addRawRoute(route),
    stop: async () => {
      // A service that fails to stop must not leave the port open (and the process running).
      try {
        await runtime.close();
      } finally {
        await gateway.close();
      }
    },
  };
}
