/**
 * Poison: K marked objects among N end in both DLQs after maxReceiveCount
 * failed receives, and nothing else does; `eda dlq list` names exactly them;
 * once the marker is removed, `eda dlq redrive` brings their events through
 * again, and every queue ends empty.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { CopyObjectCommand } from "@aws-sdk/client-s3";
import { setup } from "../../src/core/provision/setup.js";
import { BUILTIN_CONSUMERS, type Consumer } from "../../src/core/stack/config.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { cliEnv } from "../../bench/lib/workloads/crash-resume.js";
import { checkResultKeys, consumerLogLines, processedCounts, queueDepth, resultKey, shortenVisibility, type UploadedObject, uploadObjects, waitForResults } from "../../bench/lib/workloads/pipeline-checks.js";
import { adminClients, coreContext, emulatorStack } from "../../bench/lib/workloads/pipeline.js";
import { ensureHandlerBundles, runEda, temporaryEdaHome } from "../helpers/cli.js";
import { startTestEmulator } from "../helpers/emulator.js";

const STACK = "eda-poison";
const OBJECTS = 20;
const POISONED = 3;
const MAX_RECEIVE_COUNT = 5;

/**
 * Polls `probe` until it answers. The deadline only bounds a failure: it is
 * sized for a loaded machine, and `explain` says what was seen when it passes.
 */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, explain?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ""}`);
    await sleep(250);
  }
}

describe(`poison: ${POISONED} of ${OBJECTS} objects marked`, () => {
  const config = emulatorStack(STACK);
  let emulator: RunningEmulator;
  let edaHome: ReturnType<typeof temporaryEdaHome>;
  let clients: ReturnType<typeof adminClients>;
  let objects: UploadedObject[];
  const run = `poison-${Date.now().toString(36)}`;

  before(async () => {
    ensureHandlerBundles();
    emulator = await startTestEmulator();
    edaHome = temporaryEdaHome();
    clients = adminClients(emulator.endpoint);
    const { ctx, dispose } = coreContext(emulator.endpoint, STACK);
    try {
      assert.ok((await setup(ctx)).ok);
    } finally {
      dispose();
    }
    // Five receives one second apart instead of five visibility timeouts of 180 s.
    await shortenVisibility(clients, config, 1);
    objects = await uploadObjects(clients, config, run, OBJECTS, { poisoned: POISONED });
  });
  after(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    await emulator?.stop();
    edaHome?.remove();
  });

  const poisoned = () => objects.filter((object) => object.poisoned);
  const healthy = () => objects.filter((object) => !object.poisoned);
  const env = () => cliEnv(emulator.endpoint, edaHome.path, { accessKeyId: "test", secretAccessKey: "test" });

  it("the healthy objects are processed; exactly the poisoned ones end in both DLQs, after five failed receives, without results", async (t) => {
    const check = await waitForResults(clients, config, run, healthy(), { timeoutMs: 60_000 });
    assert.deepEqual(check.missing, { inventory: [], audit: [] });
    await until("the DLQs to hold the poisoned messages", 60_000, async () => {
      const depths = await Promise.all(BUILTIN_CONSUMERS.map((consumer) => queueDepth(clients, config.consumers[consumer].deadLetterQueue)));
      return depths.every((depth) => depth >= POISONED) ? depths : undefined;
    });
    const after = await checkResultKeys(clients, config, run, objects);
    for (const consumer of BUILTIN_CONSUMERS) {
      assert.deepEqual(after.missing[consumer].sort(), poisoned().map((object) => resultKey(config, consumer, object.key)).sort(), `${consumer}: only the poisoned have no result`);
      // A message is dead-lettered on the receive after its fifth; that receive can come before the
      // fifth invocation's log lines are shipped (or, on a loaded machine, before it ran): wait for them.
      const receives = Array.from({ length: MAX_RECEIVE_COUNT }, (_, i) => i + 1);
      const failedReceives = async () => {
        const failures = (await consumerLogLines(clients, config, consumer)).filter((line) => line.outcome === "failed");
        return { failures, counts: [...new Set(failures.map((line) => line.receiveCount))].sort() };
      };
      const { failures } = await until(
        `${consumer}'s failures on receives 1..${MAX_RECEIVE_COUNT} to be logged`,
        60_000,
        async () => {
          const seen = await failedReceives();
          return receives.every((receive) => seen.counts.includes(receive)) ? seen : undefined;
        },
        async () => `receive counts logged ${JSON.stringify((await failedReceives()).counts)}`,
      );
      assert.ok(failures.every((line) => (line.receiveCount ?? 0) <= MAX_RECEIVE_COUNT), `${consumer}: no receive after the ${MAX_RECEIVE_COUNT}th`);
      assert.ok(failures.every((line) => /PoisonMarkerError/.test(line.reason ?? "")), "every failure is the poison marker");
    }

    const listing = await runEda(["dlq", "list", "--json", "--stack", STACK], env());
    assert.equal(listing.code, 0, listing.stderr);
    const result = JSON.parse(listing.stdout.trim().split("\n").at(-1)!) as { total: number; queues: Record<Consumer, { messages: { contents: { kind: string; objects?: { key: string }[] } }[] }> };
    assert.equal(result.total, POISONED * BUILTIN_CONSUMERS.length, "nothing else is in the DLQs");
    for (const consumer of BUILTIN_CONSUMERS) {
      const keys = result.queues[consumer].messages.flatMap((message) => message.contents.objects?.map((object) => object.key) ?? []);
      assert.deepEqual(keys.sort(), poisoned().map((object) => object.key).sort(), `${consumer}'s DLQ holds exactly the poisoned objects`);
    }
    t.diagnostic(`${POISONED} poisoned of ${OBJECTS}: ${result.total} messages in the DLQs after ${MAX_RECEIVE_COUNT} receives each, ${healthy().length} processed`);
  });

  it("after removing the marker, eda dlq redrive brings the dead-lettered events through and every queue ends empty", async (t) => {
    const processedPerKey = async (consumer: Consumer) => {
      const counts = processedCounts(await consumerLogLines(clients, config, consumer));
      return poisoned().map((object) => counts.get(object.key) ?? 0);
    };
    // SQS delivers at least once: with the one-second visibility set above, an invocation slower than
    // that on a loaded machine sees its message received again. So each wait below is for at least
    // one more processing of every key, never for an exact count.
    const processedPerConsumer = () => Promise.all(BUILTIN_CONSUMERS.map(processedPerKey));
    const allAtLeast = (counts: number[][], floor: number[][]) => counts.every((row, i) => row.every((count, j) => count >= floor[i]![j]! + 1));
    // Rewriting the metadata is an upload of its own (ObjectCreated:Copy): wait for it, so what follows is the redrive's doing.
    const beforeCopies = await processedPerConsumer();
    for (const object of poisoned()) {
      await clients.s3.send(
        new CopyObjectCommand({ Bucket: config.bucket.name, Key: object.key, CopySource: `${config.bucket.name}/${encodeURIComponent(object.key)}`, MetadataDirective: "REPLACE", ContentType: "text/plain" }),
      );
    }
    await until(
      "the copies to be processed",
      90_000,
      async () => (allAtLeast(await processedPerConsumer(), beforeCopies) ? true : undefined),
      async () => `processed per key ${JSON.stringify(await processedPerConsumer())}, before the copies ${JSON.stringify(beforeCopies)}`,
    );
    const queueDepths = () =>
      Promise.all(BUILTIN_CONSUMERS.flatMap((c) => [queueDepth(clients, config.consumers[c].queue), queueDepth(clients, config.consumers[c].deadLetterQueue)]));
    // A copy's message received twice may still be in flight: the redrive is counted from a quiet pipeline.
    await until("the source queues to be quiet", 90_000, async () => ((await queueDepths()).filter((_, i) => i % 2 === 0).every((depth) => depth === 0) ? true : undefined), async () => `queue and DLQ depths ${JSON.stringify(await queueDepths())}`);
    const beforeRedrive = await processedPerConsumer();

    const redrive = await runEda(["dlq", "redrive", "--json", "--stack", STACK], env());
    assert.equal(redrive.code, 0, redrive.stderr);
    const moved = (JSON.parse(redrive.stdout.trim().split("\n").at(-1)!) as { moved: number }).moved;
    assert.equal(moved, POISONED * BUILTIN_CONSUMERS.length);
    // Redriven messages are new messages (new MessageId, as on AWS) carrying the original ObjectCreated:Put events.
    await until(
      "the redriven events to be processed",
      90_000,
      async () => (allAtLeast(await processedPerConsumer(), beforeRedrive) ? true : undefined),
      async () => `processed per key ${JSON.stringify(await processedPerConsumer())}, before the redrive ${JSON.stringify(beforeRedrive)}, queue and DLQ depths ${JSON.stringify(await queueDepths())}`,
    );
    await until("every queue and DLQ to be empty", 90_000, async () => {
      const depths = await queueDepths();
      return depths.every((depth) => depth === 0) ? true : undefined;
    });
    assert.deepEqual((await checkResultKeys(clients, config, run, objects)).missing, { inventory: [], audit: [] }, "now every object has its results");
    t.diagnostic(`redrive: ${moved} dead-lettered messages moved back and processed once the marker was gone; queues and DLQs empty`);
  });
});
