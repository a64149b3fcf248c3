/**
 * Starts and stops an emulator: one runtime, every service, one HTTP endpoint.
 * This is the only entry point other code (the CLI, tests, benches) uses.
 */
import { adminRoute } from "./gateway/admin-api.js";
import { Gateway, type RawRoute } from "./gateway/http-server.js";
import { linkRoute } from "./gateway/link-route.js";
import { EmulatorRuntime } from "./runtime.js";
import { allServices } from "./services/registry.js";
import { DEFAULT_CONNECTION_LIMITS, resolveSettings, type EmulatorSettings } from "./settings.js";

export interface EmulatorOptions extends Omit<Partial<EmulatorSettings>, "connections"> {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Host names clients may use besides loopback ones and `host` (a non-loopback listener's machine names). */
  allowedHosts?: string[];
  connections?: Partial<EmulatorSettings["connections"]>;
}

export interface RunningEmulator {
  endpoint: string;
  runtime: EmulatorRuntime;
  addRawRoute(route: RawRoute): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 4566, host = "127.0.0.1", allowedHosts = [], connections, ...overrides } = options;
  const settings = resolveSettings({ ...overrides, connections: { ...DEFAULT_CONNECTION_LIMITS, ...connections } });
  const runtime = new EmulatorRuntime(settings);
  const gateway = new Gateway(runtime, settings.connections, settings.corsOrigins);
  runtime.gateway = gateway;
  gateway.addRawRoute(adminRoute(runtime, Date.now()));
  for (const service of allServices) runtime.register(service);
  for (const service of allServices) if (service.links) gateway.addRawRoute(linkRoute(service, runtime));
  runtime.endpoint = await gateway.listen(port, host, allowedHosts);
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
