/**
 * Shared fixtures for the setup / status / teardown suites: AWS-compatible
 * targets on loopback (moto, the embedded emulator), CoreContexts and SDK
 * clients pointing at them, the real CLI as a child process, and an
 * independent check (plain SDK calls) of what remains of a stack.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetFunctionCommand, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, ListSubscriptionsCommand } from "@aws-sdk/client-sns";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { createAwsClients } from "../../src/core/clients.js";
import { systemCoreClock, type AwsClients, type CoreClock, type CoreContext } from "../../src/core/context.js";
import { RecordingSink, type EdaEvent } from "../../src/core/events.js";
import { BUILTIN_CONSUMER_SPECS, BUILTIN_CONSUMERS, stackConfig, type StackConfig } from "../../src/core/stack/config.js";
import type { ManualClock } from "../../src/emulator/clock.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const REGION = "us-east-1";
export const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

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

/** The consumers' bundles, which the function steps zip; built once if missing. */
export function ensureHandlerBundles(): void {
  if (BUILTIN_CONSUMERS.every((name) => existsSync(join(repoRoot, "dist", "handlers", name, "index.mjs")))) return;
  const built = spawnSync(process.execPath, ["scripts/build-handlers.mjs"], { cwd: repoRoot, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the handler bundles failed: ${built.stderr}`);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temporary EDA_HOME per suite, so no test touches the user's ~/.eda. */
export function temporaryEdaHome(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "eda-e2e-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
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

/** Starts the real CLI (from sources, through tsx) without waiting for it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "bin/eda.ts", ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
}

export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return finished(spawnCli(args, env));
}

/** Calls `listener` with each complete stdout line of a running `--json` CLI as it arrives. */
export function onStdoutLine(child: ChildProcess, listener: (line: string) => void): void {
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) listener(line);
  });
}

/** The JSON lines of a --json run, the result last. */
export function jsonLines(run: CliRun): Record<string, unknown>[] {
  return run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * What is left of a stack, asked with plain SDK calls (not eda's own
 * resource code): every name the stack uses, its mappings and subscriptions.
 */
export async function remainingResources(clients: AwsClients, config: StackConfig): Promise<string[]> {
  const remaining: string[] = [];
  const exists = async (what: string, call: () => Promise<unknown>, missing: (error: unknown) => boolean) => {
    try {
      await call();
      remaining.push(what);
    } catch (error) {
      if (!missing(error)) throw error;
    }
  };
  const named = (...names: string[]) => (error: unknown) => {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return names.includes(name ?? "") || $metadata?.httpStatusCode === 404;
  };
  await exists(`bucket ${config.bucket.name}`, () => clients.s3.send(new HeadBucketCommand({ Bucket: config.bucket.name })), named("NotFound", "NoSuchBucket"));
  await exists(`topic ${config.topic.name}`, () => clients.sns.send(new GetTopicAttributesCommand({ TopicArn: config.topic.arn })), named("NotFoundException"));
  const subscriptions = await clients.sns.send(new ListSubscriptionsCommand({}));
  for (const subscription of subscriptions.Subscriptions ?? []) {
    if (subscription.TopicArn === config.topic.arn) remaining.push(`subscription ${subscription.SubscriptionArn}`);
  }
  for (const consumer of BUILTIN_CONSUMERS) {
    const names = config.consumers[consumer];
    for (const queue of [names.queue, names.deadLetterQueue]) {
      await exists(`queue ${queue}`, () => clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue })), named("QueueDoesNotExist"));
    }
    await exists(`role ${names.role}`, () => clients.iam.send(new GetRoleCommand({ RoleName: names.role })), named("NoSuchEntityException"));
    await exists(`function ${names.function}`, () => clients.lambda.send(new GetFunctionCommand({ FunctionName: names.function })), named("ResourceNotFoundException"));
    const mappings = await clients.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: names.queueArn }));
    for (const mapping of mappings.EventSourceMappings ?? []) remaining.push(`mapping ${mapping.UUID} (${mapping.State})`);
    const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: names.logGroup }));
    for (const group of groups.logGroups ?? []) if (group.logGroupName === names.logGroup) remaining.push(`log group ${names.logGroup}`);
  }
  return remaining;
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
