/**
 * Fixtures for the proving commands' end-to-end suites (eda test, upload,
 * send, tail, logs, dlq): an embedded emulator on a free loopback port with
 * a stack set up by the provisioning core, the real CLI run as a child
 * process against it with --endpoint-url in a sandboxed EDA_HOME, and plain
 * SDK clients to check what the CLI claims.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { createAwsClients } from "../../src/core/clients.js";
import { systemCoreClock, type AwsClients } from "../../src/core/context.js";
import { RecordingSink } from "../../src/core/events.js";
import { setup } from "../../src/core/provision/setup.js";
import { BUILTIN_CONSUMER_SPECS, BUILTIN_CONSUMERS, stackConfig, type Consumer, type StackConfig } from "../../src/core/stack/config.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "./emulator.js";
import { type CliRun, createSandbox, ensureHandlerBundles, runEda, type Sandbox, spawnEda } from "./cli.js";

// A poisoned message reaches the DLQ after 5 receives, one per visibility timeout (180 s planned):
// suites that need dead letters shorten it, as a user trying poison on a sandbox stack might.
export { shortenVisibility } from "../../bench/lib/workloads/pipeline-checks.js";

export interface ProvingTarget {
  emulator: RunningEmulator;
  clients: AwsClients;
  sandbox: Sandbox;
  /** Runs `eda <args> --endpoint-url <emulator>` to completion. */
  eda(args: string[], options?: { timeoutMs?: number }): Promise<CliRun>;
  /** Starts `eda <args> --endpoint-url <emulator>` without waiting. */
  spawn(args: string[]): ChildProcess;
  /** Sets up a stack with the provisioning core and returns its names. */
  setUpStack(stack: string): Promise<StackConfig>;
  stop(): Promise<void>;
}

export async function startProvingTarget(): Promise<ProvingTarget> {
  ensureHandlerBundles();
  const emulator = await startTestEmulator();
  const clients = createAwsClients({ region: TEST_REGION, endpoint: emulator.endpoint, local: false }, { accessKeyId: "test", secretAccessKey: "test" });
  const sandbox = createSandbox({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: TEST_REGION, NO_COLOR: "1" });
  const withEndpoint = (args: string[]) => [...args, "--endpoint-url", emulator.endpoint];
  return {
    emulator,
    clients,
    sandbox,
    eda: (args, options = {}) => runEda(withEndpoint(args), sandbox.env, { timeoutMs: options.timeoutMs ?? 60_000 }),
    spawn: (args) => spawnEda(withEndpoint(args), sandbox.env),
    async setUpStack(stack) {
      const ctx = {
        stack,
        consumers: BUILTIN_CONSUMER_SPECS,
        target: { region: TEST_REGION, endpoint: emulator.endpoint, local: false },
        clients,
        events: new RecordingSink(),
        signal: new AbortController().signal,
        clock: systemCoreClock,
      };
      const result = await setup(ctx);
      assert.equal(result.ok, true, result.summary);
      return stackConfig({ stack, account: TEST_ACCOUNT, region: TEST_REGION });
    },
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
      await emulator.stop();
      await sandbox.dispose();
    },
  };
}

export async function queueMessageCount(clients: AwsClients, queueName: string): Promise<number> {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Attributes = {} } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

export async function deadLetterCount(clients: AwsClients, config: StackConfig, consumer: Consumer): Promise<number> {
  return queueMessageCount(clients, config.consumers[consumer].deadLetterQueue);
}

/** Every key under `prefix`, via plain SDK calls. */
export async function keysUnder(clients: AwsClients, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export async function putPoisonedObject(clients: AwsClients, bucket: string, key: string, body = "poisoned\n"): Promise<void> {
  await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain", Metadata: { "eda-poison": "1" } }));
}
