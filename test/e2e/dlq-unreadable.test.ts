/**
 * `eda dlq list` when a DLQ message names an object the CLI cannot read:
 * that message is shown as `unreadable: <reason>` and the others are still
 * listed (exit 0). The refusal is real: the CLI runs as a role session whose
 * policy allows everything but reading that object, and HeadObject answers
 * 403 with no body, as S3 does.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { StackConfig } from "../../src/core/stack/config.js";
import { roleSession } from "../../src/emulator/services/iam/role-lookup.js";
import { TEST_ACCOUNT } from "../helpers/emulator.js";
import { encodeS3EventKey, s3EventJson, s3EventRecord, snsEnvelope } from "../../bench/lib/workloads/lambda-events.js";
import { runEda } from "../helpers/cli.js";
import { type ProvingTarget, startProvingTarget } from "../helpers/proving-target.js";

describe("eda dlq list with an object it cannot read", () => {
  let target: ProvingTarget;
  let config: StackConfig;
  let operator: NodeJS.ProcessEnv;
  const locked = "uploads/locked/secret report.txt";
  const readable = "uploads/open/notes.txt";

  before(async () => {
    target = await startProvingTarget();
    config = await target.setUpStack("prove-unreadable");
    const bucket = config.bucket.name;
    for (const key of [locked, readable]) await target.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "x" }));
    await target.clients.iam.send(
      new CreateRoleCommand({
        RoleName: "eda-operator",
        AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: TEST_ACCOUNT }, Action: "sts:AssumeRole" }] }),
      }),
    );
    await target.clients.iam.send(
      new PutRolePolicyCommand({
        RoleName: "eda-operator",
        PolicyName: "all-but-locked",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "*", Resource: "*" },
            { Effect: "Deny", Action: "s3:GetObject", Resource: `${config.bucket.arn}/uploads/locked/*` },
          ],
        }),
      }),
    );
    const session = roleSession(target.emulator.hub, `arn:aws:iam::${TEST_ACCOUNT}:role/eda-operator`, "operator");
    assert.ok(session);
    const keys = target.emulator.hub.credentials.issueSession(session);
    operator = { ...target.sandbox.env, AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_SESSION_TOKEN: keys.sessionToken };
    const { QueueUrl } = await target.clients.sqs.send(new GetQueueUrlCommand({ QueueName: config.consumers.inventory!.deadLetterQueue }));
    for (const key of [locked, readable]) {
      const body = snsEnvelope(s3EventJson(s3EventRecord({ bucket, encodedKey: encodeS3EventKey(key) })));
      await target.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    }
  });
  after(() => target.stop());

  it("shows that message as unreadable with the reason and lists the rest", async () => {
    const run = await runEda(["dlq", "list", "--consumer", "inventory", "--stack", "prove-unreadable", "--endpoint-url", target.emulator.endpoint], operator, { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^inventory DLQ prove-unreadable-inventory-dlq: 2 messages$/m);
    assert.match(run.stdout, /^ {2}\S+ .* {2}uploads\/locked\/secret report\.txt \(ObjectCreated:Put\): unreadable: access denied \(HTTP 403\): these credentials may not read the object$/m);
    assert.match(run.stdout, /^ {2}\S+ .* {2}uploads\/open\/notes\.txt \(ObjectCreated:Put\): object no longer carries a poison marker$/m);
    assert.doesNotMatch(run.stdout, /audit DLQ/, "--consumer inventory lists only that DLQ");
    assert.match(run.stderr + run.stdout, /2 messages in the inventory DLQ \(/);
  });
});
