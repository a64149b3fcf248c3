/**
 * AWS-compatible targets on loopback the setup / status / teardown suites
 * provision against (moto, the embedded emulator), with CoreContexts and SDK
 * clients pointing at them and the CLI environment that selects them.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createAwsClients } from "../../src/core/clients.js";
import { systemCoreClock, type AwsClients, type CoreClock, type CoreContext } from "../../src/core/context.js";
import { RecordingSink, type EdaEvent } from "../../src/core/events.js";
import { BUILTIN_CONSUMER_SPECS, stackConfig, type StackConfig } from "../../src/core/stack/config.js";
import type { ManualClock } from "../../src/emulator/clock.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const REGION = "us-east-1";
export const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/** An AWS-compatible endpoint the suites provision against. */
export interface Target {
  name: string;
  endpoint: string;
  account: string;
  /** Creates a bucket owned by a different account (global bucket namespace). */
  createForeignBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function clientsFor(target: Target): AwsClients {
  return createAwsClients({ region: REGION, endpoint: target.endpoint, local: false }, CREDENTIALS);
}

/** A CoreContext against the target whose events the test can read. */
export function contextFor(target: Target, stack: string, clock: CoreClock = systemCoreClock): { ctx: CoreContext; events: RecordingSink } {
  const events = new RecordingSink();
  const ctx: CoreContext = {
    stack,
    consumers: BUILTIN_CONSUMER_SPECS,
    target: { region: REGION, endpoint: target.endpoint, local: false },
    clients: clientsFor(target),
    events,
    signal: new AbortController().signal,
    clock,
  };
  return { ctx, events };
}

/**
 * Virtual time shared by the core and an emulator on a ManualClock: every
 * wait of the core moves the emulator's clock forward instead of sleeping, so
 * consistency delays pass without real waiting.
 */
export function virtualCoreClock(clock: ManualClock): CoreClock {
  return {
    now: () => clock.now(),
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      // Let in-flight answers arrive first, as they would while a real sleep lasts.
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(ms);
    },
  };
}

export function configFor(target: Target, stack: string): StackConfig {
  return stackConfig({ stack, account: target.account, region: REGION });
}

export function stepEnds(events: readonly EdaEvent[]): Extract<EdaEvent, { type: "step-end" }>[] {
  return events.filter((event): event is Extract<EdaEvent, { type: "step-end" }> => event.type === "step-end");
}

export function cliEnvironment(target: Target, edaHome: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: edaHome,
    EDA_HOME: edaHome,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: target.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    NO_COLOR: "1",
  };
}

/** A free loopback port (for servers that cannot be told to pick one, like moto). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export const MOTO_ACCOUNT = "123456789012";

/** moto's server on a free loopback port; ready once it says it is running. */
export async function startMoto(): Promise<Target> {
  const port = await freePort();
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    // AWS managed policies (the drift suite attaches one) are only loaded on request.
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Running on http://127.0.0.1:${port}`)) {
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`moto exited with ${code}: ${output}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    name: "moto",
    endpoint,
    account: MOTO_ACCOUNT,
    async createForeignBucket(name) {
      // moto picks the account from this header; bucket names are global across its accounts.
      const response = await fetch(`${endpoint}/${name}`, {
        method: "PUT",
        headers: { "x-moto-account-id": "111111111111", authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${REGION}/s3/aws4_request` },
      });
      if (!response.ok) throw new Error(`moto refused the foreign bucket: ${response.status} ${await response.text()}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
