/**
 * `eda dlq list|redrive|purge` end to end: a poisoned object goes to both
 * DLQs, is listed without being taken away, gets its marker removed by
 * rewriting its metadata, and is redriven and processed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CopyObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import type { EdaResult } from "../../handlers/shared/result.js";
import type { StackConfig } from "../../src/core/stack/config.js";
import { assertOneErrorLine, resultOf } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";
import { deadLetterCount, type ProvingTarget, putPoisonedObject, shortenVisibility, startProvingTarget } from "../helpers/proving-target.js";

describe("eda dlq", () => {
  let target: ProvingTarget;
  let config: StackConfig;
  const key = "uploads/dlq/bad item+1.txt";

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-dlq");
    await shortenVisibility(target.clients, config, 1);
    await putPoisonedObject(target.clients, config.bucket.name, key);
    await eventually("the poisoned object in both DLQs", async () =>
      (await deadLetterCount(target.clients, config, "inventory")) === 1 && (await deadLetterCount(target.clients, config, "audit")) === 1,
      // Five receives, each after a cold start on a busy machine.
      120_000,
    );
  });
  after(() => target.stop());

  const auditResult = async (): Promise<EdaResult | undefined> => {
    try {
      const object = await target.clients.s3.send(new GetObjectCommand({ Bucket: config.bucket.name, Key: "results/audit/dlq/bad item+1.txt.json" }));
      return JSON.parse(await object.Body!.transformToString()) as EdaResult;
    } catch {
      return undefined;
    }
  };

  it("list shows each DLQ message's object, receive count and source queue, and leaves it in the DLQ", async () => {
    const run = await target.eda(["dlq", "list", "--stack", "prove-dlq"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^inventory DLQ prove-dlq-inventory-dlq: 1 message$/m);
    assert.match(run.stdout, /^audit DLQ prove-dlq-audit-dlq: 1 message$/m);
    assert.match(
      run.stdout,
      /^ {2}\S+ {2}\d+ receives from prove-dlq-inventory sent \S+ {2}uploads\/dlq\/bad item\+1.txt \(ObjectCreated:Put\): object still carries the eda-poison marker, so a redrive fails again$/m,
    );
    assert.match(run.stdout, /2 messages in the inventory and audit DLQs/);
    assert.equal(await deadLetterCount(target.clients, config, "inventory"), 1);
    assert.equal(await deadLetterCount(target.clients, config, "audit"), 1);
  });

  it("list --json carries the decoded message", async () => {
    const run = await target.eda(["dlq", "--queue", "audit", "--json", "--stack", "prove-dlq"]);
    assert.equal(run.code, 0, run.stderr);
    const result = resultOf(run.stdout) as Record<string, any>;
    assert.equal(result.total, 1);
    const [message] = result.queues.audit.messages;
    assert.ok(message.receiveCount >= 5, `received ${message.receiveCount} times`);
    assert.equal(message.sourceQueueArn, "arn:aws:sqs:us-east-1:000000000000:prove-dlq-audit");
    assert.deepEqual(message.contents.objects.map((object: { key: string }) => object.key), [key]);
    assert.equal(result.queues.inventory, undefined);
  });

  it("after the marker is removed, redrive moves the messages back and the original event is processed", async () => {
    // Rewriting the metadata is itself an ObjectCreated:Copy event; wait for its result first.
    await target.clients.s3.send(
      new CopyObjectCommand({ Bucket: config.bucket.name, Key: key, CopySource: `${config.bucket.name}/${encodeURIComponent(key)}`, MetadataDirective: "REPLACE", ContentType: "text/plain" }),
    );
    await eventually("the copy event's result", async () => {
      const result = await auditResult();
      return result?.source === "s3" && result.audit?.eventName === "ObjectCreated:Copy";
    });
    const listed = await target.eda(["dlq", "list", "--queue", "inventory", "--stack", "prove-dlq"]);
    assert.match(listed.stdout, /bad item\+1.txt \(ObjectCreated:Put\): object no longer carries a poison marker/);

    const run = await target.eda(["dlq", "redrive", "--stack", "prove-dlq"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^inventory: COMPLETED, moved 1 of 1$/m);
    assert.match(run.stdout, /^inventory: moved 1 message from prove-dlq-inventory-dlq back to prove-dlq-inventory$/m);
    assert.match(run.stdout, /^audit: moved 1 message from prove-dlq-audit-dlq back to prove-dlq-audit$/m);
    assert.match(run.stdout, /moved 2 messages back to the source queues/);
    const redriven = await eventually("the redriven Put event's result", async () => {
      const result = await auditResult();
      return result?.source === "s3" && result.audit?.eventName === "ObjectCreated:Put" ? result : undefined;
    });
    assert.equal(redriven.key, key);
    assert.equal(await deadLetterCount(target.clients, config, "inventory"), 0);
    assert.equal(await deadLetterCount(target.clients, config, "audit"), 0);

    const again = await target.eda(["dlq", "redrive", "--stack", "prove-dlq"]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /nothing to redrive/);
  });

  it("purge asks first (refusing without a terminal unless --yes), then empties the DLQs", async () => {
    const sent = await target.eda(["send", '{"poison": true}', "--queue", "inventory", "--no-wait", "--stack", "prove-dlq"]);
    assert.equal(sent.code, 0, sent.stderr);
    await eventually("the poisoned message in the inventory DLQ", async () => (await deadLetterCount(target.clients, config, "inventory")) === 1);

    const unconfirmed = await target.eda(["dlq", "purge", "--stack", "prove-dlq"]);
    assert.equal(unconfirmed.code, 2);
    assertOneErrorLine(unconfirmed, /cannot ask "Delete every message in the inventory DLQ \(1 in prove-dlq-inventory-dlq\)\? They cannot be recovered\." without a terminal: pass --yes to confirm/);
    assert.equal(await deadLetterCount(target.clients, config, "inventory"), 1);

    const run = await target.eda(["dlq", "purge", "--yes", "--stack", "prove-dlq"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /purged 1 in prove-dlq-inventory-dlq/);
    assert.equal(await deadLetterCount(target.clients, config, "inventory"), 0);
  });

  it("refuses a queue that is not a consumer", async () => {
    const run = await target.eda(["dlq", "list", "--queue", "billing", "--stack", "prove-dlq"]);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /invalid --queue "billing": expected inventory, audit or all/);
  });
});
