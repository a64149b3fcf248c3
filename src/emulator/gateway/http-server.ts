/**
 * The gateway: one HTTP endpoint for every service. Per request it assigns a
 * request id, authenticates SigV4, picks the service and its codec, runs the
 * operation through the runtime (which applies IAM), and writes the answer.
 * Any failure becomes an AWS error envelope; nothing reaches the socket raw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsError, internalError } from "../errors.js";
import { AwsJsonCodec } from "../protocols/aws-json.js";
import { AwsQueryCodec } from "../protocols/aws-query.js";
import type { ProtocolCodec } from "../protocols/codec.js";
import { RestJsonCodec } from "../protocols/rest-json.js";
import { RestXmlCodec } from "../protocols/rest-xml.js";
import type { EmulatorRuntime } from "../runtime.js";
import type { OperationContext, ServiceDefinition } from "../services/service.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import { parseSignature, verifySignature } from "./sigv4.js";
import { serviceFromUnsignedRequest, usesQueryProtocol } from "./service-router.js";

/** Requests under these paths bypass SigV4 (the Lambda Runtime API, the emulator's own admin API). */
export interface RawRoute {
  prefix: string;
  /** Narrows the route to some requests under its prefix (SNS's unsigned links share "/" with the APIs). */
  accepts?(request: IncomingMessage, url: URL): boolean;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void | Promise<void>;
}

export class Gateway {
  private readonly rawRoutes: RawRoute[] = [];
  private readonly codecs: Record<string, ProtocolCodec>;
  private readonly queryCodec: AwsQueryCodec;
  private server: Server | undefined;
  private hosts: string[] = ["127.0.0.1", "localhost"];

  constructor(private readonly runtime: EmulatorRuntime) {
    this.queryCodec = new AwsQueryCodec((service) =>
      service.protocol === "awsQuery"
        ? { xmlNamespace: service.xmlNamespace!, version: service.version! }
        : service.queryCompatible!,
    );
    this.codecs = {
      awsQuery: this.queryCodec,
      awsJson1_0: new AwsJsonCodec("1.0"),
      awsJson1_1: new AwsJsonCodec("1.1"),
      restJson1: new RestJsonCodec(),
      restXml: new RestXmlCodec(() => this.hosts),
    };
  }

  addRawRoute(route: RawRoute): void {
    this.rawRoutes.push(route);
  }

  async listen(port: number, host: string): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.runtime.log({ level: "error", message: "gateway failure", error: String((error as Error)?.stack ?? error) });
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal error in the eda emulator gateway.");
      });
    });
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 70_000;
    server.requestTimeout = 0;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    if (!this.hosts.includes(address.address)) this.hosts.push(address.address);
    return `http://${shownHost}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    // The most specific prefix wins (/_eda/lambda-runtime/ over the admin API's /_eda/).
    const raw = this.rawRoutes
      .filter((r) => url.pathname.startsWith(r.prefix) && (r.accepts?.(req, url) ?? true))
      .reduce<RawRoute | undefined>((best, r) => (best && best.prefix.length >= r.prefix.length ? best : r), undefined);
    if (raw) {
      try {
        await raw.handle(req, res, url);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ errorMessage: (error as Error).message, errorType: "InternalError" }));
      }
      return;
    }

    const requestId = this.runtime.random.uuid();
    const request: HttpRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      rawQuery: (req.url ?? "").includes("?") ? (req.url ?? "").slice((req.url ?? "").indexOf("?") + 1) : "",
      query: url.searchParams,
      headers: flattenHeaders(req),
      body: Buffer.alloc(0),
      remoteAddress: req.socket.remoteAddress ?? "127.0.0.1",
    };

    const signature = parseSignature(request);
    const serviceName =
      signature && signature !== "malformed" ? signature.service : serviceFromUnsignedRequest(request);
    const service = this.runtime.services.get(serviceName);
    if (!service) {
      req.resume();
      this.reply(res, unknownServiceResponse(serviceName, requestId));
      return;
    }

    const declaredLength = Number(request.headers["content-length"] ?? 0);
    if (declaredLength > service.maxBodyBytes) {
      this.reply(res, this.tooLarge(service, request, requestId), true);
      return;
    }
    try {
      request.body = await readBody(req, service.maxBodyBytes);
    } catch {
      this.reply(res, this.tooLarge(service, request, requestId), true);
      return;
    }

    let codec = this.codecFor(service, request);
    let operation = "(unknown)";
    try {
      if (signature === undefined) throw service.authErrors.missing;
      if (signature === "malformed") throw service.authErrors.badSignature;
      const credentials = this.runtime.credentials.lookup(signature.accessKeyId);
      if (!credentials) throw service.authErrors.unknownKey;
      if (credentials.sessionToken !== undefined && credentials.sessionToken !== signature.sessionToken) {
        throw service.authErrors.unknownKey;
      }
      if (!verifySignature(request, signature, credentials.secretAccessKey)) throw service.authErrors.badSignature;

      codec = this.codecFor(service, request);
      const decoded = await codec.decode(request, service);
      operation = decoded.operation;
      const fault = this.runtime.faults.decide(service.signingName, operation, credentials.principal.kind);
      if (fault.kind === "error") throw fault.error;
      if (fault.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault.kind === "latency") await new Promise((resolve) => setTimeout(resolve, fault.ms));
      // A client that hangs up mid long poll must not have messages taken on its behalf.
      const disconnected = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) disconnected.abort();
      });
      const ctx: OperationContext = {
        requestId,
        signal: disconnected.signal,
        region: signature.region,
        accountId: credentials.principal.kind === "service" ? credentials.principal.sourceAccount : credentials.principal.accountId,
        principal: credentials.principal,
        emulator: this.runtime,
        http: {
          origin: `http://${request.headers["host"] ?? "127.0.0.1"}`,
          sourceIp: normaliseIp(request.remoteAddress),
          headers: request.headers,
        },
      };
      const output = await this.runtime.runOperation(service.signingName, operation, decoded.input, ctx);
      if (this.runtime.observesRequests) {
        await this.runtime.requestCompleted({ service: service.signingName, operation, input: decoded.input, principal: ctx.principal });
      }
      if (fault.kind === "lost-response") {
        // The operation happened but the client never hears of it: retries must be idempotent.
        req.socket.destroy();
        return;
      }
      this.reply(res, codec.encode(operation, output, service, requestId));
    } catch (error) {
      const awsError = error instanceof AwsError ? error : internalError();
      if (!(error instanceof AwsError)) {
        this.runtime.log({ level: "error", message: "operation crashed", service: service.signingName, operation, error: String((error as Error)?.stack ?? error) });
      }
      this.reply(res, codec.encodeError(awsError, service, requestId, request));
    }
  }

  private codecFor(service: ServiceDefinition, request: HttpRequest): ProtocolCodec {
    if (service.queryCompatible && usesQueryProtocol(request)) return this.queryCodec;
    return this.codecs[service.protocol]!;
  }

  private tooLarge(service: ServiceDefinition, request: HttpRequest, requestId: string): HttpResponse {
    const error =
      service.signingName === "s3"
        ? new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", { status: 400 })
        : new AwsError("RequestEntityTooLarge", `Request body exceeds ${service.maxBodyBytes} bytes.`, { status: 413 });
    return this.codecFor(service, request).encodeError(error, service, requestId, request);
  }

  private reply(res: ServerResponse, response: HttpResponse, closeConnection = false): void {
    const body = typeof response.body === "string" ? Buffer.from(response.body, "utf8") : response.body;
    const isHead = res.req.method === "HEAD";
    // A HEAD answer announces the length the GET would have (HeadObject's Content-Length).
    const length = isHead && response.headers["content-length"] !== undefined ? response.headers["content-length"] : body.length;
    const headers: Record<string, string | number> = { ...response.headers, "content-length": length };
    if (closeConnection) headers["connection"] = "close";
    if (!headers["date"]) headers["date"] = new Date().toUTCString();
    res.writeHead(response.status, headers);
    res.end(isHead ? undefined : body);
  }
}

/** For a credential scope naming a service the emulator does not provide. */
function unknownServiceResponse(serviceName: string, requestId: string): HttpResponse {
  const message = `The service "${serviceName}" is not provided by the eda emulator (it provides s3, sns, sqs, sts, iam, lambda and logs).`;
  return {
    status: 400,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId, "x-amzn-errortype": "UnknownService" },
    body: `<?xml version="1.0"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>UnknownService</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function normaliseIp(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
