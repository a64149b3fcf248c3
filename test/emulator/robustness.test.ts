/**
 * The emulator survives malformed and oversized requests on every protocol:
 * each gets an error answer (never a crash, a hang or a 500), and the server
 * keeps serving real clients afterwards. Inputs come from a seeded random
 * source, so a failure replays.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { seededRandom, type Random } from "../../src/emulator/clock.js";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";
import { signedFetch, type RawRequest } from "../helpers/signed-fetch.js";

const CASES_PER_PROTOCOL = 60;

function randomText(random: Random, max: number): string {
  const alphabet = Array.from('abcXYZ019 _-./:&=?%+{}[]<>"\'\\\n\t\u00e9\u4e2d\ud83d\ude00');
  const length = Math.floor(random.next() * max);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random.next() * alphabet.length)];
  return out;
}

function randomJson(random: Random, depth = 0): unknown {
  const pick = Math.floor(random.next() * (depth > 2 ? 4 : 7));
  switch (pick) {
    case 0:
      return randomText(random, 20);
    case 1:
      return Math.floor(random.next() * 1e6) - 5e5;
    case 2:
      return random.next() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(random.next() * 4) }, () => randomJson(random, depth + 1));
    default: {
      const keys = ["QueueUrl", "QueueName", "Attributes", "logGroupName", "FunctionName", "Entries", "MaxNumberOfMessages", randomText(random, 8)];
      const out: Record<string, unknown> = {};
      for (let i = 0; i < 1 + Math.floor(random.next() * 4); i++) out[keys[Math.floor(random.next() * keys.length)]!] = randomJson(random, depth + 1);
      return out;
    }
  }
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!;
}

const QUERY_SERVICES = [
  { service: "sns", version: "2010-03-31", actions: ["CreateTopic", "Publish", "Subscribe", "SetTopicAttributes", "PublishBatch", "Nope"] },
  { service: "iam", version: "2010-05-08", actions: ["CreateRole", "PutRolePolicy", "GetRole", "AttachRolePolicy", "Nope"] },
  { service: "sts", version: "2011-06-15", actions: ["GetCallerIdentity", "AssumeRole", "Nope"] },
  { service: "sqs", version: "2012-11-05", actions: ["CreateQueue", "SendMessage", "ReceiveMessage", "SendMessageBatch", "Nope"] },
];

function queryCase(random: Random): RawRequest {
  const target = pick(random, QUERY_SERVICES);
  const params = new URLSearchParams({ Action: pick(random, target.actions), Version: target.version });
  const keys = ["Name", "TopicArn", "Message", "QueueUrl", "Attributes.entry.1.key", "Attributes.entry.1.value", "Attribute.1.Name", "Entries.member.1.Id", "RoleName", "PolicyDocument", "MaxNumberOfMessages", "Tags.member.1.Key"];
  for (let i = 0; i < Math.floor(random.next() * 6); i++) params.append(pick(random, keys), randomText(random, 40));
  const body = random.next() < 0.15 ? randomText(random, 200) : params.toString();
  return { service: target.service, headers: { "content-type": "application/x-www-form-urlencoded" }, body };
}

function jsonCase(random: Random): RawRequest {
  const sqs = random.next() < 0.5;
  const operations = sqs
    ? ["CreateQueue", "SendMessage", "ReceiveMessage", "DeleteMessageBatch", "SetQueueAttributes", "Nope"]
    : ["CreateLogGroup", "PutLogEvents", "FilterLogEvents", "GetLogEvents", "Nope"];
  const body = random.next() < 0.2 ? randomText(random, 100) : JSON.stringify(randomJson(random));
  return {
    service: sqs ? "sqs" : "logs",
    headers: {
      "content-type": sqs ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1",
      "x-amz-target": `${sqs ? "AmazonSQS" : "Logs_20140328"}.${pick(random, operations)}`,
    },
    body,
  };
}

function restJsonCase(random: Random): RawRequest {
  const name = pick(random, ["f", "fn-1", "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ax", "x".repeat(80)]);
  const [method, path] = pick(random, [
    ["POST", "/2015-03-31/functions"],
    ["GET", `/2015-03-31/functions/${name}`],
    ["POST", `/2015-03-31/functions/${name}/invocations`],
    ["PUT", `/2015-03-31/functions/${name}/configuration`],
    ["POST", "/2015-03-31/event-source-mappings"],
    ["GET", "/2015-03-31/event-source-mappings/not-a-uuid"],
    ["DELETE", `/2015-03-31/functions/${name}`],
    ["GET", "/2015-03-31/nowhere"],
  ] as const);
  const body = method === "GET" || method === "DELETE" ? undefined : random.next() < 0.2 ? randomText(random, 100) : JSON.stringify(randomJson(random));
  return { service: "lambda", method, path, headers: { "content-type": "application/json" }, body };
}

/** Bucket names S3 refuses on every operation: an underscore and capital, under 3 characters, over 63 (S3 bucket naming rules). */
const INVALID_BUCKETS = ["Bad_Name", "ab", "x".repeat(70)];

function restXmlCase(random: Random): RawRequest {
  const bucket = pick(random, ["fuzz-bucket", ...INVALID_BUCKETS]);
  const [method, path, query] = pick(random, [
    ["PUT", `/${bucket}`, {}],
    ["PUT", `/${bucket}`, { notification: "" }],
    ["POST", `/${bucket}`, { delete: "" }],
    ["PUT", `/${bucket}`, { tagging: "" }],
    ["PUT", `/${bucket}/${encodeURIComponent(randomText(random, 20)) || "k"}`, {}],
    ["GET", `/${bucket}`, { "list-type": "2", "max-keys": randomText(random, 4) }],
    ["POST", `/${bucket}/key`, { uploads: "" }],
    ["PUT", `/${bucket}/key`, { partNumber: randomText(random, 3), uploadId: "nope" }],
    ["DELETE", `/${bucket}`, {}],
  ] as [string, string, Record<string, string>][]);
  const xmlish = pick(random, ["<Delete><Object><Key>a</Key>", "<NotificationConfiguration><TopicConfiguration><Topic>x</Topic></TopicConfiguration></NotificationConfiguration>", "<<>>", randomText(random, 80), "<Tagging><TagSet><Tag><Key/></Tag></TagSet></Tagging>"]);
  return { service: "s3", method, path, query, headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, body: method === "GET" || method === "DELETE" ? undefined : xmlish };
}

/** What a fuzzed request must be refused with: the protocol's unknown-operation code, "any" 4xx for a body that is not the protocol's format, undefined when it may succeed. */
function expectedRefusal(request: RawRequest): string | "any" | undefined {
  const body = typeof request.body === "string" ? request.body : "";
  const target = request.headers?.["x-amz-target"];
  if (target !== undefined) {
    if (target.endsWith(".Nope")) return "UnknownOperationException";
    try {
      const parsed: unknown = JSON.parse(body);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? undefined : "any";
    } catch {
      return "any";
    }
  }
  if (request.headers?.["content-type"] === "application/x-www-form-urlencoded") {
    const action = new URLSearchParams(body).get("Action");
    if (action === "Nope") return "InvalidAction";
    return action === null ? "any" : undefined;
  }
  if (request.service === "lambda" && request.path === "/2015-03-31/nowhere") return "any";
  // A function name over 64 characters, a mapping UUID that is not one, a bucket name S3 never allows: no operation can succeed.
  if (request.service === "lambda" && (request.path?.includes("x".repeat(80)) || request.path?.endsWith("/not-a-uuid"))) return "any";
  if (request.service === "s3" && INVALID_BUCKETS.some((bucket) => request.path === `/${bucket}` || request.path?.startsWith(`/${bucket}/`))) return "any";
  return undefined;
}

/**
 * The error shape of each protocol, as the SDKs parse it (botocore's
 * parsers.py: QueryParser, JSONParser, RestJSONParser, RestXMLParser): a
 * refusal a client cannot read would pass a status check alone.
 */
function assertErrorShape(protocol: string, response: Response, text: string, what: string): void {
  switch (protocol) {
    case "awsQuery":
      assert.match(text, /^(<\?xml[^>]*>\s*)?<ErrorResponse[^>]*>\s*<Error>/, `not a query ErrorResponse: ${what}`);
      assert.match(text, /<Type>(Sender|Receiver)<\/Type>/, what);
      assert.match(text, /<Code>[^<]+<\/Code>/, what);
      assert.match(text, /<Message>[^<]*<\/Message>/, what);
      assert.match(text, /<RequestId>[^<]+<\/RequestId>/, what);
      return;
    case "awsJson":
    case "restJson": {
      const body = JSON.parse(text) as Record<string, unknown>;
      assert.equal(typeof (body.message ?? body.Message), "string", `no message: ${what}`);
      if (protocol === "awsJson") assert.equal(typeof body.__type, "string", `no __type: ${what}`);
      else assert.ok(response.headers.get("x-amzn-errortype"), `no x-amzn-errortype: ${what}`);
      return;
    }
    case "restXml":
      assert.match(text, /^(<\?xml[^>]*>\s*)?<Error>\s*<Code>[^<]+<\/Code>\s*<Message>[^<]*<\/Message>/, `not an S3 Error document: ${what}`);
      assert.match(text, /<RequestId>[^<]+<\/RequestId>/, what);
      return;
  }
}

/** A success in the protocol's own answer format: `<ActionResponse>` for query, a JSON object for JSON, XML or nothing for S3. */
function assertSuccessShape(protocol: string, request: RawRequest, text: string, what: string): void {
  if (protocol === "awsQuery") {
    const action = new URLSearchParams(typeof request.body === "string" ? request.body : "").get("Action");
    assert.match(text, new RegExp(`^(<\\?xml[^>]*>\\s*)?<${action}Response[ >]`), `not a ${action}Response: ${what}`);
  } else if (protocol === "restXml") {
    assert.ok(text === "" || /^(<\?xml[^>]*>\s*)?<[A-Za-z]/.test(text), `not XML: ${what}`);
  } else if (text !== "") {
    const body: unknown = JSON.parse(text);
    assert.ok(body !== null && typeof body === "object", `not a JSON object: ${what}`);
  }
}

/** The error code of an answer in any of the four protocols. */
function errorCode(response: Response, text: string): string | undefined {
  // Query-compatible JSON services (SQS) name the query code the SDK reports in x-amzn-query-error.
  const queryError = response.headers.get("x-amzn-query-error");
  if (queryError) return queryError.split(";")[0];
  const header = response.headers.get("x-amzn-errortype");
  if (header) return header.split(":")[0];
  const xml = /<Code>([^<]+)<\/Code>/.exec(text);
  if (xml) return xml[1];
  try {
    const type = (JSON.parse(text) as { __type?: string }).__type;
    return type?.split("#").pop();
  } catch {
    return undefined;
  }
}

/** AWS's common client errors (every service's API reference, "Common Errors"), besides each SDK's own exception classes. */
const COMMON_ERRORS = [
  "AccessDenied", "AccessDeniedException", "IncompleteSignature", "InvalidAction", "InvalidParameterCombination", "InvalidParameterValue",
  "InvalidQueryParameter", "MalformedQueryString", "MissingAction", "MissingParameter", "ValidationError", "ValidationException",
  "SerializationException", "UnknownOperationException", "NotAuthorized", "ThrottlingException",
];
/** S3's documented error codes the SDK has no classes for (S3 API reference, "Error responses"). */
const S3_ERRORS = [
  "InvalidArgument", "InvalidBucketName", "MalformedXML", "MethodNotAllowed", "InvalidRequest", "NoSuchBucket", "NoSuchKey", "NoSuchUpload",
  "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "EntityTooLarge", "KeyTooLongError", "InvalidDigest", "BadDigest", "IncompleteBody",
  "InvalidTag", "NoSuchTagSet", "BucketNotEmpty", "BucketAlreadyOwnedByYou", "BucketAlreadyExists", "MalformedPolicy", "InvalidURI",
];
const SDK_MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  sns: () => import("@aws-sdk/client-sns"),
  iam: () => import("@aws-sdk/client-iam"),
  sts: () => import("@aws-sdk/client-sts"),
  sqs: () => import("@aws-sdk/client-sqs"),
  logs: () => import("@aws-sdk/client-cloudwatch-logs"),
  lambda: () => import("@aws-sdk/client-lambda"),
  s3: () => import("@aws-sdk/client-s3"),
};

async function knownErrorCodes(service: string): Promise<Set<string>> {
  const module = await SDK_MODULES[service]!();
  const classes = Object.entries(module)
    .filter(([, value]) => typeof value === "function" && (value as { prototype?: unknown }).prototype instanceof Error)
    .map(([name]) => name);
  // Query services send some errors under their wire code, the class name without "Exception" (SNS InvalidParameter).
  const wireCodes = classes.filter((name) => name.endsWith("Exception")).map((name) => name.slice(0, -"Exception".length));
  const known = new Set([...classes, ...wireCodes, ...COMMON_ERRORS, ...(service === "s3" ? S3_ERRORS : [])]);
  // SQS's query codes name the service (AWS.SimpleQueueService.NonExistentQueue for QueueDoesNotExist, SQS API reference).
  return service === "sqs" ? new Set([...known].flatMap((code) => [code, `AWS.SimpleQueueService.${code}`]).concat(["AWS.SimpleQueueService.NonExistentQueue"])) : known;
}

describe("emulator robustness against malformed input", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  async function assertStillServing(): Promise<void> {
    const sts = new STSClient(clientConfig(emulator));
    assert.ok((await sts.send(new GetCallerIdentityCommand({}))).Account, "the emulator still answers real clients");
  }

  for (const [protocol, generate, seed] of [
    ["awsQuery", queryCase, 11],
    ["awsJson", jsonCase, 12],
    ["restJson", restJsonCase, 13],
    ["restXml", restXmlCase, 14],
  ] as const) {
    it(`answers ${CASES_PER_PROTOCOL} random ${protocol} requests with the service's own refusals, never a server failure`, async (t) => {
      const random = seededRandom(seed);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < CASES_PER_PROTOCOL; i++) {
        const request = generate(random);
        const response = await signedFetch(emulator.endpoint, request);
        const text = await response.text();
        const what = `case ${i} (${request.service} ${request.method ?? "POST"} ${request.path ?? "/"} ${request.headers?.["x-amz-target"] ?? ""}) got ${response.status}: ${text.slice(0, 300)}`;
        const code = errorCode(response, text);
        const expected = expectedRefusal(request);
        if (expected) {
          // Garbage, unknown operations and names no operation accepts are never accepted, and are refused with the protocol's own code.
          assert.ok(response.status >= 400 && response.status < 500, what);
          if (expected !== "any") assert.equal(code, expected, what);
        }
        if (response.status >= 300) {
          // A refusal is a 4xx with a code the service's SDK (or AWS's common errors) defines, in the protocol's
          // error shape, or the emulator's 501 NotImplemented for an operation it does not provide.
          assert.ok((response.status >= 400 && response.status < 500) || (response.status === 501 && code === "NotImplemented"), what);
          assert.ok(code !== undefined && (code === "NotImplemented" || (await knownErrorCodes(request.service)).has(code)), `unknown error code ${code}: ${what}`);
          assertErrorShape(protocol, response, text, what);
        } else {
          // What may succeed answers in the protocol's own success format.
          assertSuccessShape(protocol, request, text, what);
        }
        const outcome = response.status < 300 ? "accepted" : `${response.status} ${code}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      t.diagnostic([...outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(", "));
      await assertStillServing();
    });
  }

  it("refuses an oversized body without reading it all, and keeps serving", async () => {
    const response = await signedFetch(emulator.endpoint, {
      service: "sns",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `Action=Publish&Version=2010-03-31&Message=${"a".repeat(2 * 1024 * 1024)}`,
    });
    assert.ok(response.status === 413 || response.status === 400, `status ${response.status}`);
    await assertStillServing();
  });

  it("survives garbage that is not HTTP at all", async () => {
    const url = new URL(emulator.endpoint);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write("\x00\x01GARBAGE / HTTP/9.9\r\n\r\n\xff\xfe");
      });
      socket.on("data", () => socket.destroy());
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    await assertStillServing();
  });

  it("refuses requests without a signature on every service", async () => {
    for (const [path, headers] of [
      ["/", { "content-type": "application/x-www-form-urlencoded" }],
      ["/", { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.ListQueues" }],
      ["/2015-03-31/functions", {}],
      ["/some-bucket", {}],
    ] as const) {
      const response = await fetch(`${emulator.endpoint}${path}`, {
        method: "POST",
        headers,
        body: path === "/" && headers["content-type"].includes("form") ? "Action=ListTopics&Version=2010-03-31" : "{}",
      });
      assert.equal(response.status, 403, `${path} answered ${response.status}`);
    }
  });
});

describe("emulator robustness against hostile HTTP", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  async function assertStillServing(): Promise<void> {
    const sts = new STSClient(clientConfig(emulator));
    assert.ok((await sts.send(new GetCallerIdentityCommand({}))).Account, "the emulator still answers real clients");
  }

  const admin = () => ({ "x-eda-admin-token": emulator.hub.settings.adminToken });

  /** Writes raw bytes, returns the status line (or what happened), giving up after `waitMs`. */
  function rawExchange(bytes: string, waitMs = 2000): Promise<string> {
    const url = new URL(emulator.endpoint);
    return new Promise((resolve) => {
      let received = "";
      const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
      const timer = setTimeout(() => {
        socket.destroy();
        resolve("no answer");
      }, waitMs);
      socket.on("data", (chunk) => (received += chunk.toString("latin1")));
      socket.on("close", () => {
        clearTimeout(timer);
        resolve(received.split("\r\n")[0] || "closed");
      });
      socket.on("error", () => {});
    });
  }

  it("answers 431 to a 100 KB header", async () => {
    const response = await fetch(`${emulator.endpoint}/`, { headers: { "x-padding": "a".repeat(100_000) } });
    assert.equal(response.status, 431);
    await assertStillServing();
  });

  it("waits for the body of a known key's request that never arrives in full, and keeps serving when that client goes away", async () => {
    // The key is known and the signature can only be checked against the body, so the gateway waits for it (until the request timeout).
    const authorization = `AWS4-HMAC-SHA256 Credential=test/${new Date().toISOString().slice(0, 10).replace(/-/g, "")}/us-east-1/sns/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
    const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const line = await rawExchange(
      `POST / HTTP/1.1\r\nHost: ${new URL(emulator.endpoint).host}\r\nAuthorization: ${authorization}\r\nX-Amz-Date: ${amzDate}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nAction=Publish`,
      300,
    );
    assert.equal(line, "no answer", "it waits for the rest of the body");
    await assertStillServing();
  });

  it("answers 400 to malformed chunked encoding and 403 to methods and requests no AWS client sends", async () => {
    assert.match(await rawExchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n"), / 400 /);
    assert.match(await rawExchange("PROPFIND / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), / 403 /);
    assert.match(await rawExchange("GET / HTTP/1.0\r\n\r\n"), / 403 /);
    await assertStillServing();
  });

  it("refuses malformed Authorization headers with 403", async () => {
    for (const authorization of [
      "AWS4-HMAC-SHA256 Credential=",
      "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=, Signature=zz",
      "AWS4-HMAC-SHA256",
      `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=${"host;".repeat(2000)}, Signature=00`,
      "Bearer token",
    ]) {
      const response = await fetch(`${emulator.endpoint}/`, { method: "POST", headers: { authorization, "x-amz-date": "garbage" }, body: "Action=ListTopics" });
      assert.equal(response.status, 403, authorization.slice(0, 60));
    }
    await assertStillServing();
  });

  it("answers invalid percent-encoding and invalid UTF-8 with client errors", async () => {
    const responses = await Promise.all([
      signedFetch(emulator.endpoint, { service: "s3", method: "GET", path: "/bucket/%E0%A4%A" }),
      signedFetch(emulator.endpoint, { service: "sns", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=CreateTopic&Version=2010-03-31&Name=%E0%A4%A" }),
      signedFetch(emulator.endpoint, { service: "sqs", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.SendMessage" }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
    ]);
    for (const response of responses) assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    await assertStillServing();
  });

  it("answers deeply nested JSON and XML (200,000 levels) with client errors, without running out of stack", async () => {
    const depth = 200_000;
    const responses = await Promise.all([
      signedFetch(emulator.endpoint, {
        service: "sqs",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.CreateQueue" },
        body: `{"QueueName":"deep","Attributes":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      }),
      signedFetch(emulator.endpoint, {
        service: "lambda",
        path: "/2015-03-31/functions",
        headers: { "content-type": "application/json" },
        body: `{"FunctionName":"deep","Environment":{"Variables":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}}`,
      }),
      signedFetch(emulator.endpoint, {
        service: "s3",
        method: "PUT",
        path: "/deep-xml",
        query: { tagging: "" },
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
        body: `<Tagging>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</Tagging>`,
      }),
    ]);
    for (const response of responses) assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}: ${(await response.text()).slice(0, 200)}`);
    await assertStillServing();
  });

  it("handles bodies just under the size limits: 20,000 form fields, 100,000 batch entries, a 45 MB function zip that is not a zip", async () => {
    const responses = await Promise.all([
      signedFetch(emulator.endpoint, {
        service: "sns",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `Action=CreateTopic&Version=2010-03-31&Name=many&${Array.from({ length: 20_000 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}`).join("&")}`,
      }),
      signedFetch(emulator.endpoint, {
        service: "sqs",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.SendMessageBatch" },
        body: JSON.stringify({ QueueUrl: `${emulator.endpoint}/000000000000/missing`, Entries: Array.from({ length: 100_000 }, (_, i) => ({ Id: `m${i}`, MessageBody: "x" })) }),
      }),
      signedFetch(emulator.endpoint, {
        service: "lambda",
        path: "/2015-03-31/functions",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          FunctionName: "not-a-zip",
          Runtime: "nodejs22.x",
          Handler: "index.handler",
          Role: "arn:aws:iam::000000000000:role/none",
          Code: { ZipFile: Buffer.alloc(45 * 1024 * 1024, 7).toString("base64") },
        }),
      }),
    ]);
    for (const response of responses) assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}: ${(await response.text()).slice(0, 200)}`);
    await assertStillServing();
  });

  it("answers garbage on its unsigned routes (Lambda Runtime API, admin API) without failing", async () => {
    const statuses = await Promise.all([
      fetch(`${emulator.endpoint}/_eda/lambda-runtime/nope/2018-06-01/runtime/invocation/next`).then((r) => r.status),
      fetch(`${emulator.endpoint}/_eda/lambda-runtime/x/2018-06-01/runtime/invocation/abc/response`, { method: "POST", body: "x" }).then((r) => r.status),
      fetch(`${emulator.endpoint}/_eda/faults`, { method: "PUT", body: "{", headers: admin() }).then((r) => r.status),
      fetch(`${emulator.endpoint}/_eda/faults`, { method: "PUT", body: "x".repeat(100_000), headers: admin() }).then((r) => r.status, () => 413),
      fetch(`${emulator.endpoint}/_eda/nothing`, { headers: admin() }).then((r) => r.status),
    ]);
    assert.deepEqual(statuses, [403, 403, 400, 413, 404]);
    assert.equal(((await (await fetch(`${emulator.endpoint}/_eda/faults`, { headers: admin() })).json()) as { plan: unknown }).plan, null, "no fault plan was set");
    await assertStillServing();
  });

  it("serves 400 concurrent clients at once", async () => {
    const sts = new STSClient(clientConfig(emulator));
    const answers = await Promise.all(Array.from({ length: 400 }, () => sts.send(new GetCallerIdentityCommand({})).then((r) => r.Account, (e: Error) => e.name)));
    assert.deepEqual([...new Set(answers)], ["000000000000"]);
  });
});
