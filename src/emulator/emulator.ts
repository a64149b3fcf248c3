/**
 * Starts and stops an emulator: one hub, every service, one HTTP endpoint.
 * This is the only entry point other code (the CLI, tests, benches) uses.
 */
import { adminRoute } from "./gateway/admin-api.js";
import { Gateway } from "./gateway/http-server.js";
import { EmulatorHub } from "./hub.js";
import type { RawRoute } from "./raw-routes.js";
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
  hub: EmulatorHub;
  addRawRoute(route: RawRoute): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 4566, host = "127.0.0.1", allowedHosts = [], connections, ...overrides } = options;
  const settings = resolveSettings({ ...overrides, connections: { ...DEFAULT_CONNECTION_LIMITS, ...connections } });
  const hub = new EmulatorHub(settings);
  const gateway = new Gateway(hub, settings.connections, settings.corsOrigins);
  hub.routes.add(adminRoute(hub, Date.now()));
  for (const service of allServices) hub.register(service);
  hub.endpoint = await gateway.listen(port, host, allowedHosts);
  for (const service of allServices) service.start?.(hub);
  return {
    endpoint: hub.endpoint,
    hub,
    addRawRoute: (route) => hub.routes.add(route),
    stop: async () => {
      // A service that fails to stop must not leave the port open (and the process running).
      try {
        await hub.close();
      } finally {
        await gateway.close();
      }
    },
  };
}
