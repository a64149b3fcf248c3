/**
 * A long poll whose caller has gone must not take messages: a stopped Lambda
 * poller (internal call with an abort signal) or an HTTP client that hung up
 * would otherwise hide a message for a whole visibility timeout.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type ReceiveMessageCommandOutput } from "@aws-sdk/client-sqs";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { adminPrincipal } from "../../src/emulator/policy/principal.js";
import type { EmulatorLogEntry } from "../../src/emulator/settings.js";
import { clientConfig, startTestEmulator, TEST_ACCOUNT, TEST_REGION } from "../helpers/emulator.js";

describe("SQS long polls end when their caller gives up", () => {
  let emulator: RunningEmulator;
  let sqs: SQSClient;
  const waiting: (() => void)[] = [];
  before(async () => {
    emulator = await startTestEmulator({
      log: (entry: EmulatorLogEntry) => {
        if (entry.message === "long poll waiting") waiting.shift()?.();
      },
    });
    sqs = new SQSClient(clientConfig(emulator));
  });
  after(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  const pollStarted = () => new Promise<void>((resolve) => waiting.push(resolve));

  it("an aborted internal long poll resolves empty and leaves the next message available", async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "cancel-internal" }));
    const abort = new AbortController();
    const started = pollStarted();
    const poll = emulator.hub.call<ReceiveMessageCommandOutput>({
      service: "sqs",
      operation: "ReceiveMessage",
      input: { QueueUrl, WaitTimeSeconds: 20 },
      principal: adminPrincipal(TEST_ACCOUNT),
      region: TEST_REGION,
      signal: abort.signal,
    });
    await started;
    abort.abort();
    assert.deepEqual(await poll, {});
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "for the next receiver" }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(Messages?.[0]?.Body, "for the next receiver");
  });

  it("a client that hangs up mid long poll does not take a message sent afterwards", async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "cancel-http" }));
    const abort = new AbortController();
    const started = pollStarted();
    const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), { abortSignal: abort.signal });
    await started;
    abort.abort();
    await assert.rejects(poll);
    // Give the server a moment to see the closed connection, then send.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "still here" }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(Messages?.[0]?.Body, "still here");
  });
});
