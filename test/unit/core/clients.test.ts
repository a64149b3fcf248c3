/**
 * The client factory against a scripted loopback endpoint: every client goes
 * to the target endpoint, S3 uses path-style addressing there, and throttling
 * and server errors are retried (standard mode) up to the attempt limit.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, beforeEach, describe, it } from "node:test";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { createAwsClients, destroyAwsClients, MAX_ATTEMPTS } from "../../../src/core/clients.js";
import type { AwsClients } from "../../../src/core/context.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

function queryError(code: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code} from the test endpoint</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}

describe("AWS clients", () => {
  let server: Server;
  let endpoint: string;
  let clients: AwsClients;
  /** Answers the test scripts for the next requests; afterwards, success. */
  let script: { status: number; body: string }[] = [];
  const requests: { method: string; url: string }[] = [];

  before(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      requests.push({ method: request.method ?? "", url: request.url ?? "" });
      const next = script.shift() ?? { status: 200, body: IDENTITY };
      if (next.status === 0) return; // never answered
      response.writeHead(next.status, { "content-type": "text/xml" });
      response.end(next.body);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    clients = createAwsClients({ region: "eu-west-1", endpoint, local: false }, { accessKeyId: "AKID", secretAccessKey: "secret" });
  });
  after(async () => {
    destroyAwsClients(clients);
    server.close();
    await once(server, "close");
  });
  beforeEach(() => {
    script = [];
    requests.length = 0;
  });

  it("all point at the target's endpoint and region", async () => {
    for (const client of Object.values(clients)) {
      assert.equal(await client.config.region(), "eu-west-1");
      const resolved = await client.config.endpoint!();
      assert.equal(`${resolved.protocol}//${resolved.hostname}:${resolved.port}`, endpoint);
    }
  });

  it("address S3 buckets in the path on a custom endpoint", async () => {
    script = [{ status: 200, body: "" }];
    await clients.s3.send(new HeadBucketCommand({ Bucket: "eda-demo-bucket" }));
    assert.deepEqual(requests, [{ method: "HEAD", url: "/eda-demo-bucket/" }]);
  });

  it("retry server errors and throttling until the call succeeds", async () => {
    script = [
      { status: 500, body: queryError("InternalFailure") },
      { status: 400, body: queryError("Throttling") },
    ];
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, "123456789012");
    assert.equal(requests.length, 3);
    assert.equal(identity.$metadata.attempts, 3);
  });

  it(`give up after ${MAX_ATTEMPTS} attempts and surface AWS's error`, async () => {
    script = Array.from({ length: MAX_ATTEMPTS + 1 }, () => ({ status: 503, body: queryError("ServiceUnavailable") }));
    await assert.rejects(clients.sts.send(new GetCallerIdentityCommand({})), { name: "ServiceUnavailable" });
    assert.equal(requests.length, MAX_ATTEMPTS);
  });

  it("do not retry errors that retrying cannot fix", async () => {
    script = [{ status: 403, body: queryError("InvalidClientTokenId") }];
    await assert.rejects(clients.sts.send(new GetCallerIdentityCommand({})), { name: "InvalidClientTokenId" });
    assert.equal(requests.length, 1);
  });

  it("a send with an abortSignal answers as send does, sends nothing once aborted, and an abort ends the wait", async () => {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: new AbortController().signal });
    assert.equal(identity.Account, "123456789012");
    assert.equal(requests.length, 1);

    const aborted = new AbortController();
    aborted.abort(new Error("stopped before"));
    await assert.rejects(clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: aborted.signal }), /stopped before/);
    assert.equal(requests.length, 1, "nothing sent after the abort");

    // A request the endpoint never answers: the abort, not the request, ends the wait.
    script = [{ status: 0, body: "" }];
    const stop = new AbortController();
    const waiting = clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: stop.signal });
    while (requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort(new Error("Ctrl-C"));
    await assert.rejects(waiting, /Ctrl-C/);
  });

  it("sends with only an abortSignal reuse the command's resolved middleware stack; other per-call options resolve it again", async () => {
    const fresh = createAwsClients({ region: "eu-west-1", endpoint, local: false }, { accessKeyId: "AKID", secretAccessKey: "secret" });
    try {
      // A middleware's factory runs each time the SDK resolves a command's stack, not per request.
      let resolutions = 0;
      fresh.sts.middlewareStack.add(
        (next) => {
          resolutions++;
          return next;
        },
        { step: "initialize", name: "countResolutions" },
      );
      const signal = new AbortController().signal;
      for (let i = 0; i < 3; i++) await fresh.sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      await fresh.sts.send(new GetCallerIdentityCommand({}));
      assert.equal(requests.length, 4);
      assert.equal(resolutions, 1, "resolved once for four sends");
      await fresh.sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal, requestTimeout: 10_000 });
      assert.equal(resolutions, 2, "a send with other options goes to the SDK as it is");
    } finally {
      destroyAwsClients(fresh);
    }
  });
});
