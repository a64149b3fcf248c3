/**
 * The gateway's own HTTP/1.1 handling: which request heads it takes and how
 * it writes answers (pure functions), and what a client sees on the wire:
 * pipelined and split requests, connections moved to Node's HTTP server for
 * raw routes, chunked bodies and Expect, Connection: close and HEAD; and
 * when an idle or stuck connection is closed.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { connect, type Socket } from "node:net";
import { Duplex } from "node:stream";
import { after, before, describe, it } from "node:test";
import { SignatureV4 } from "@smithy/signature-v4";
import type { RunningEmulator } from "../../../../src/emulator/emulator.js";
import { HttpConnection, parseRequestHead, responseHead, type ConnectionHandler } from "../../../../src/emulator/gateway/http-connection.js";
import { startTestEmulator } from "../../../helpers/emulator.js";

describe("request heads the gateway answers itself", () => {
  it("takes an SDK request: lower-cased names, trimmed values, its body length", () => {
    const head = parseRequestHead(
      "POST /?x=1 HTTP/1.1\r\nHost: 127.0.0.1:4566\r\nX-Amz-Target:  AmazonSQS.ListQueues \r\nContent-Length: 2\r\nUser-Agent: aws-sdk-js/3 ua/2.1",
    );
    assert.deepEqual(head, {
      method: "POST",
      target: "/?x=1",
      headers: { host: "127.0.0.1:4566", "x-amz-target": "AmazonSQS.ListQueues", "content-length": "2", "user-agent": "aws-sdk-js/3 ua/2.1" },
      contentLength: 2,
      closeAfter: false,
    });
  });

  it("notes a client that asks to close the connection", () => {
    assert.equal(parseRequestHead("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close")?.closeAfter, true);
  });

  const leftToNode: [string, string][] = [
    ["HTTP/1.0", "GET / HTTP/1.0\r\nHost: x"],
    ["a chunked body", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked"],
    ["Expect: 100-continue", "PUT /b/k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5"],
    ["an upgrade", "GET / HTTP/1.1\r\nUpgrade: websocket"],
    ["a repeated header", "GET / HTTP/1.1\r\nX-A: 1\r\nx-a: 2"],
    ["a non-numeric length", "POST / HTTP/1.1\r\nContent-Length: 1e3"],
    ["a control character in a value", "GET / HTTP/1.1\r\nX-A: a\x01b"],
    ["a header line without a name", "GET / HTTP/1.1\r\n: value"],
    ["an absolute-form target", "GET http://example.com/ HTTP/1.1"],
    ["an unknown method", "BREW / HTTP/1.1"],
    ["a space in the target", "GET /a b HTTP/1.1"],
  ];
  for (const [what, text] of leftToNode) {
    it(`leaves ${what} to Node's HTTP server`, () => assert.equal(parseRequestHead(text), undefined));
  }
});

describe("answer heads", () => {
  it("writes the headers in order, then keep-alive as Node does", () => {
    const text = responseHead({ status: 200, headers: { "content-type": "application/json", "content-length": 2 }, body: "{}" }, 65, false);
    assert.equal(text, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nConnection: keep-alive\r\nKeep-Alive: timeout=65\r\n\r\n");
  });

  it("says close when the connection ends, and leaves a given connection header alone", () => {
    assert.match(responseHead({ status: 204, headers: {}, body: "" }, 65, true), /^HTTP\/1\.1 204 No Content\r\nConnection: close\r\n\r\n$/);
    assert.equal(responseHead({ status: 413, headers: { connection: "close" }, body: "" }, 65, true), "HTTP/1.1 413 Payload Too Large\r\nconnection: close\r\n\r\n");
  });

  it("refuses a header value that would break the answer", () => {
    assert.throws(() => responseHead({ status: 200, headers: { "x-amz-meta-a": "1\r\nSet-Cookie: x" }, body: "" }, 65, false), TypeError);
  });
});

describe("connection timeouts", () => {
  /** A connection over an in-memory stream whose handler never answers (so a taken request stays under way). */
  function idleConnection() {
    const socket = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
    const handler: ConnectionHandler = {
      route: (head) => new URL(head.target, "http://emulator"),
      answer: () => new Promise(() => {}),
      failed: () => ({ status: 500, headers: {}, body: "" }),
      handOver: () => {},
    };
    const connection = new HttpConnection(socket as unknown as Socket, handler, { keepAliveMs: 65_000, headersMs: 70_000 });
    return { socket, connection };
  }

  it("closes an idle connection after the keep-alive timeout, and a stuck request head after the headers timeout", () => {
    const idle = idleConnection();
    const now = Date.now();
    assert.equal(idle.connection.expired(now + 64_000), false);
    assert.equal(idle.connection.expired(now + 66_000), true);

    const stuck = idleConnection();
    stuck.socket.emit("data", Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n"));
    assert.equal(stuck.connection.expired(now + 66_000), false);
    assert.equal(stuck.connection.expired(now + 71_000), true);
  });

  it("never closes a connection whose body is still arriving or whose request is being answered", () => {
    const now = Date.now();
    const uploading = idleConnection();
    uploading.socket.emit("data", Buffer.from("PUT /b/k HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"));
    assert.equal(uploading.connection.expired(now + 600_000), false);

    const answering = idleConnection();
    answering.socket.emit("data", Buffer.from("GET /b/k HTTP/1.1\r\nHost: x\r\n\r\n"));
    assert.equal(answering.connection.expired(now + 600_000), false);
  });
});

class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

describe("on the wire", () => {
  let emulator: RunningEmulator;
  let port: number;

  before(async () => {
    emulator = await startTestEmulator();
    port = Number(new URL(emulator.endpoint).port);
  });
  after(() => emulator.stop());

  /** A signed SQS JSON request as raw HTTP/1.1 text; `chunked` sends the body in one chunk instead of with a length. */
  async function sqsRequest(operation: string, input: object, extraHeaders: Record<string, string> = {}, chunked = false): Promise<string> {
    const body = JSON.stringify(input);
    const framing: Record<string, string> = chunked ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const signer = new SignatureV4({
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      region: "us-east-1",
      service: "sqs",
      sha256: NodeSha256 as never,
    });
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path: "/",
      headers: {
        host: `127.0.0.1:${port}`,
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": `AmazonSQS.${operation}`,
        ...framing,
      },
      body,
    });
    const headers = { ...signed.headers, ...extraHeaders, ...(chunked ? { "transfer-encoding": "chunked" } : {}) };
    const sent = chunked ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
    return `POST / HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n${sent}`;
  }

  /** Writes `parts` one after another and reads `count` answers (after any 100 Continue). */
  function exchange(parts: string[], count: number, pauseMs = 20): Promise<{ answers: WireAnswer[]; raw: string; closed: boolean }> {
    return new Promise((resolve, reject) => {
      let raw = "";
      const socket = connect(port, "127.0.0.1", async () => {
        for (const part of parts) {
          socket.write(part, "latin1");
          await new Promise((r) => setTimeout(r, pauseMs));
        }
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no ${count} answers; got: ${raw.slice(0, 500)}`));
      }, 5000);
      const finish = (closed: boolean) => {
        const answers = parseAnswers(raw);
        if (answers.length < count && !closed) return;
        clearTimeout(timer);
        socket.destroy();
        resolve({ answers, raw, closed });
      };
      socket.on("data", (chunk) => {
        raw += chunk.toString("latin1");
        if (parseAnswers(raw).length >= count) setTimeout(() => finish(socket.destroyed || socket.readableEnded), 30);
      });
      socket.on("end", () => finish(true));
      socket.on("error", reject);
    });
  }

  function parseAnswers(raw: string): WireAnswer[] {
    const answers: WireAnswer[] = [];
    let rest = raw;
    for (;;) {
      const end = rest.indexOf("\r\n\r\n");
      if (end === -1) return answers;
      const [statusLine, ...lines] = rest.slice(0, end).split("\r\n");
      const status = Number(statusLine!.split(" ")[1]);
      const headers: Record<string, string> = {};
      for (const line of lines) headers[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
      rest = rest.slice(end + 4);
      if (status === 100) continue;
      const length = Number(headers["content-length"] ?? 0);
      if (rest.length < length) return answers;
      answers.push({ status, headers, body: rest.slice(0, length) });
      rest = rest.slice(length);
    }
  }

  it("answers pipelined requests in the order they came", async () => {
    const { answers } = await exchange(
      [(await sqsRequest("CreateQueue", { QueueName: "wire-a" })) + (await sqsRequest("GetQueueUrl", { QueueName: "wire-a" }))],
      2,
    );
    assert.deepEqual(answers.map((a) => a.status), [200, 200]);
    assert.match(answers[0]!.body, /"QueueUrl":".*\/wire-a"/);
    assert.equal(answers[1]!.body, answers[0]!.body);
    assert.equal(answers[0]!.headers["connection"], "keep-alive");
    assert.equal(answers[0]!.headers["keep-alive"], "timeout=65");
  });

  it("answers pipelined requests concurrently: a SendMessage behind a long poll ends that poll", async () => {
    const created = await exchange([await sqsRequest("CreateQueue", { QueueName: "wire-poll" })], 1);
    const { QueueUrl } = JSON.parse(created.answers[0]!.body) as { QueueUrl: string };
    const { answers } = await exchange(
      [(await sqsRequest("ReceiveMessage", { QueueUrl, WaitTimeSeconds: 20 })) + (await sqsRequest("SendMessage", { QueueUrl, MessageBody: "behind the poll" }))],
      2,
    );
    assert.equal(JSON.parse(answers[0]!.body).Messages[0].Body, "behind the poll", "the long poll, answered first");
    assert.match(answers[1]!.body, /"MessageId"/);
  });

  it("waits for a request that arrives in pieces", async () => {
    const request = await sqsRequest("CreateQueue", { QueueName: "wire-pieces" });
    const headEnd = request.indexOf("\r\n\r\n");
    const { answers } = await exchange([request.slice(0, 10), request.slice(10, headEnd + 2), request.slice(headEnd + 2, headEnd + 10), request.slice(headEnd + 10)], 1);
    assert.equal(answers[0]!.status, 200);
    assert.match(answers[0]!.body, /wire-pieces/);
  });

  it("moves a connection to Node's server for a raw route and keeps answering on it", async () => {
    const { answers } = await exchange(
      [
        (await sqsRequest("CreateQueue", { QueueName: "wire-handover" })) +
          "GET /_eda/health HTTP/1.1\r\nHost: x\r\n\r\n" +
          (await sqsRequest("GetQueueUrl", { QueueName: "wire-handover" })),
      ],
      3,
    );
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    assert.equal(JSON.parse(answers[1]!.body).status, "running");
    assert.match(answers[2]!.body, /wire-handover/);
  });

  it("answers a chunked body and an Expect: 100-continue request through Node's server", async () => {
    const chunked = await exchange([await sqsRequest("CreateQueue", { QueueName: "wire-chunked" }, {}, true)], 1);
    assert.equal(chunked.answers[0]!.status, 200);
    assert.match(chunked.answers[0]!.body, /wire-chunked/);

    const expecting = await sqsRequest("CreateQueue", { QueueName: "wire-expect" }, { expect: "100-continue" });
    const headEnd = expecting.indexOf("\r\n\r\n") + 4;
    const continued = await exchange([expecting.slice(0, headEnd), expecting.slice(headEnd)], 1, 100);
    assert.match(continued.raw, /^HTTP\/1\.1 100 Continue\r\n/);
    assert.equal(continued.answers[0]!.status, 200);
  });

  it("closes the connection after the answer when the client asks", async () => {
    const { answers, closed } = await exchange([await sqsRequest("CreateQueue", { QueueName: "wire-close" }, { connection: "close" })], 1);
    assert.equal(answers[0]!.status, 200);
    assert.equal(answers[0]!.headers["connection"], "close");
    assert.equal(closed, true);
  });

  it("writes no body for HEAD, and announces the length GET would have", async () => {
    const { answers, raw } = await exchange(["HEAD /no-such-bucket-here HTTP/1.1\r\nHost: x\r\n\r\nGET /_eda/health HTTP/1.1\r\nHost: x\r\n\r\n"], 2);
    assert.equal(answers[0]!.status, 403);
    assert.equal(answers[0]!.body, "");
    assert.equal(answers[1]!.status, 200);
    assert.equal(raw.indexOf("HTTP/1.1 200"), raw.indexOf("\r\n\r\n") + 4, "the second answer follows the first head directly");
  });
});
