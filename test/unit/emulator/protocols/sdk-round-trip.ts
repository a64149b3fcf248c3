/**
 * A real SDK v3 client whose transport is the emulator's codec, in process:
 * the client serialises a command as it would for AWS, the codec decodes it,
 * a canned answer (or AwsError) is encoded by the codec and handed back to
 * the client, which deserialises it with its own protocol. Nothing leaves the
 * process; only the socket is missing from the round trip.
 */
import { Readable } from "node:stream";
import { extendedEncodeURIComponent } from "@smithy/core/protocols";
import { AwsError } from "../../../../src/emulator/errors.js";
import type { HttpRequest } from "../../../../src/emulator/protocols/http-types.js";
import { AwsJsonCodec } from "../../../../src/emulator/protocols/aws-json.js";
import { AwsQueryCodec } from "../../../../src/emulator/protocols/aws-query.js";
import type { DecodedRequest, ProtocolCodec } from "../../../../src/emulator/protocols/codec.js";
import { RestJsonCodec } from "../../../../src/emulator/protocols/rest-json.js";
import { RestXmlCodec } from "../../../../src/emulator/protocols/rest-xml.js";
import type { ServiceDefinition } from "../../../../src/emulator/services/service.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const ENDPOINT = "http://127.0.0.1:4566";

export const clientConfig = {
  endpoint: ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  maxAttempts: 1,
};

const queryCodec = new AwsQueryCodec((service) =>
  service.protocol === "awsQuery" ? { xmlNamespace: service.xmlNamespace!, version: service.version! } : service.queryCompatible!,
);

const codecs: Record<string, ProtocolCodec> = {
  awsQuery: queryCodec,
  awsJson1_0: new AwsJsonCodec("1.0"),
  awsJson1_1: new AwsJsonCodec("1.1"),
  restJson1: new RestJsonCodec(),
  restXml: new RestXmlCodec(() => ["127.0.0.1", "localhost"]),
};

/** What the codec decoded, and the answer it encoded. */
export interface Exchange {
  decoded: DecodedRequest;
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Answer = (decoded: DecodedRequest) => unknown;

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * An SDK request handler that answers through `service`'s codec. Set `answer`
 * before each command; `last` holds the exchange it made.
 */
export class CodecTransport {
  answer: Answer = () => ({});
  last: Exchange | undefined;
  private sequence = 0;

  constructor(private readonly service: ServiceDefinition) {}

  async handle(sdkRequest: SdkRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> {
    const request = await toEmulatorRequest(sdkRequest);
    const codec = this.service.queryCompatible && request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")
      ? queryCodec
      : codecs[this.service.protocol]!;
    const requestId = `req-${++this.sequence}`;
    const decoded = await codec.decode(request, this.service);
    let encoded;
    try {
      encoded = codec.encode(decoded.operation, await this.answer(decoded), this.service, requestId);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      encoded = codec.encodeError(error, this.service, requestId, request);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(encoded.headers)) headers[name.toLowerCase()] = value;
    const body = Buffer.from(encoded.body);
    this.last = { decoded, status: encoded.status, headers, body: body.toString("utf8") };
    return { response: { statusCode: encoded.status, headers, body: Readable.from([body]) } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

async function toEmulatorRequest(request: SdkRequest): Promise<HttpRequest> {
  const rawQuery = Object.entries(request.query ?? {})
    .flatMap(([key, value]) => {
      const name = extendedEncodeURIComponent(key);
      if (value === null) return [name];
      return (Array.isArray(value) ? value : [value]).map((v) => `${name}=${extendedEncodeURIComponent(v)}`);
    })
    .join("&");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return {
    method: request.method,
    path: request.path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body: await bodyBytes(request.body),
    remoteAddress: "127.0.0.1",
  };
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  // The bytes themselves: Buffer.from(view) would call the SDK's JSON body adapter's valueOf(), which warns.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * A value with its byte arrays as plain Uint8Arrays (the SDK hands back Buffer
 * and Uint8ArrayBlobAdapter subclasses), its SDK metadata left out, and
 * streaming bodies read: what deepEqual can compare with an expected value.
 */
export async function plain(value: unknown): Promise<unknown> {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  if (typeof (value as { transformToByteArray?: unknown }).transformToByteArray === "function" && !(value instanceof Uint8Array)) {
    return new Uint8Array(await (value as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }
  if (Array.isArray(value)) return Promise.all(value.map(plain));
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === "$metadata" || member === undefined) continue;
    out[key] = await plain(member);
  }
  return out;
}
