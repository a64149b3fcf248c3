/**
 * Fixtures for suites that prove project consumers end to end: handler
 * files written into a temporary project folder, their ConsumerSpecs (as a
 * project file would declare them), and CoreContexts against an embedded
 * emulator on a free loopback port whose `consumers` are those specs.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createAwsClients } from "../../src/core/clients.js";
import { systemCoreClock, type AwsClients, type CoreContext } from "../../src/core/context.js";
import { RecordingSink } from "../../src/core/events.js";
import { setup } from "../../src/core/provision/setup.js";
import type { SetupResult } from "../../src/core/provision/steps.js";
import { builtinConsumerSpec, CONSUMER_DEFAULTS, stackConfig, UPLOADS_PREFIX, type ConsumerSpec, type StackConfig } from "../../src/core/stack/config.js";
import type { EmulatorOptions, RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "./emulator.js";
import { ensureHandlerBundles } from "./cli.js";

/**
 * Settings that bring a failing message to the DLQ within half a minute: one
 * receive, then the DLQ once the visibility timeout (six times the function
 * timeout, as AWS advises) has passed, as a user trying failures on a
 * sandbox project would choose.
 */
export const QUICK_DLQ_SETTINGS = { ...CONSUMER_DEFAULTS, functionTimeoutSeconds: 5, queueVisibilityTimeoutSeconds: 30, maxReceiveCount: 1 };

export interface ProjectTarget {
  emulator: RunningEmulator;
  clients: AwsClients;
  root: string;
  /** Writes `consumers/<name>/index.ts` with the given source. */
  writeHandler(name: string, source: string): string;
  /** A project consumer reading uploads/ and writing results/<name>/, with overrides. */
  spec(name: string, overrides?: Partial<ConsumerSpec>): ConsumerSpec;
  context(stack: string, consumers: readonly ConsumerSpec[]): { ctx: CoreContext; events: RecordingSink };
  setUp(stack: string, consumers: readonly ConsumerSpec[]): Promise<{ config: StackConfig; result: SetupResult }>;
  stop(): Promise<void>;
}

/** `options` go to the emulator: a `timeScale` shortens the queue-time waits (visibility timeouts) of suites that reach DLQs. */
export async function startProjectTarget(options: EmulatorOptions = {}): Promise<ProjectTarget> {
  ensureHandlerBundles();
  const emulator = await startTestEmulator(options);
  const clients = createAwsClients({ region: TEST_REGION, endpoint: emulator.endpoint, local: false }, { accessKeyId: "test", secretAccessKey: "test" });
  const root = mkdtempSync(join(tmpdir(), "eda-project-"));
  const target: ProjectTarget = {
    emulator,
    clients,
    root,
    writeHandler(name, source) {
      const dir = join(root, "consumers", name);
      mkdirSync(dir, { recursive: true });
      const entry = join(dir, "index.ts");
      writeFileSync(entry, source);
      return entry;
    },
    spec(name, overrides = {}) {
      return {
        name,
        code: { kind: "project", projectRoot: root, entry: join(root, "consumers", name, "index.ts"), exportName: "handler" },
        settings: CONSUMER_DEFAULTS,
        environment: {},
        filter: {},
        permissions: { read: [UPLOADS_PREFIX], write: [`results/${name}/`] },
        statements: [],
        ...overrides,
      };
    },
    context(stack, consumers) {
      const events = new RecordingSink();
      const ctx: CoreContext = {
        stack,
        consumers,
        target: { region: TEST_REGION, endpoint: emulator.endpoint, local: false },
        clients,
        events,
        signal: new AbortController().signal,
        clock: systemCoreClock,
      };
      return { ctx, events };
    },
    async setUp(stack, consumers) {
      const result = await setup(target.context(stack, consumers).ctx);
      assert.equal(result.ok, true, result.summary);
      return { config: stackConfig({ stack, account: TEST_ACCOUNT, region: TEST_REGION, consumers }), result };
    },
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
      await emulator.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return target;
}

export const INVENTORY = builtinConsumerSpec("inventory");

/**
 * A handler as a user writes one: for each S3 object in the batch (SNS
 * envelope -> S3 event, keys decoded), `work` runs with the SDK client of
 * the function's hub; the body of `work` is the consumer's own logic.
 */
export function handlerSource(work: string): string {
  return `import { S3Client, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { SQSEvent } from "aws-lambda";

const s3 = new S3Client({});

export async function handler(event: SQSEvent): Promise<void> {
  for (const record of event.Records) {
    const envelope = JSON.parse(record.body);
    const message = JSON.parse(envelope.Message ?? "{}");
    for (const entry of message.Records ?? []) {
      const bucket: string = entry.s3.bucket.name;
      const key = decodeURIComponent(entry.s3.object.key.replace(/\\+/g, " "));
      ${work}
    }
  }
}
void HeadObjectCommand;
void PutObjectCommand;
`;
}

/** The messages of a function's log group so far (none when the group does not exist yet). */
export async function logMessages(clients: AwsClients, logGroupName: string): Promise<string[]> {
  const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
  if (!groups.logGroups?.some((group) => group.logGroupName === logGroupName)) return [];
  const messages: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.logs.send(new FilterLogEventsCommand({ logGroupName, nextToken }));
    messages.push(...(page.events ?? []).map((event) => event.message ?? ""));
    nextToken = page.nextToken;
  } while (nextToken);
  return messages;
}
