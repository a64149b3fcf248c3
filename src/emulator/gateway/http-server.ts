/**
 * The gateway: one HTTP endpoint for every service. Per request it assigns a
 * request id, authenticates SigV4, picks the service and its codec, runs the
 * operation through the runtime (which applies IAM), and writes the answer.
 * Any failure becomes an AWS error envelope; nothing reaches the socket raw.
 *
 * Connections start on the gateway's own HTTP/1.1 handling (http-connection.ts),
 * which answers AWS API requests without Node's HTTP machinery; raw routes and
 * anything unusual move the connection to Node's HTTP server. Both paths run
 * the same steps below.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { AwsError, internalError } from "../errors.js";
import type { Principal } from "../iam/principal.js";
import { AwsJsonCodec } from "../protocols/aws-json.js";
import { AwsQueryCodec } from "../protocols/aws-query.js";
import type { ProtocolCodec } from "../protocols/codec.js";
import { RestJsonCodec } from "../protocols/rest-json.js";
import { RestXmlCodec } from "../protocols/rest-xml.js";
import type { EmulatorRuntime } from "../runtime.js";
import type { OperationContext, ServiceDefinition } from "../services/service.js";
import { HttpConnection, type Answer, type ConnectionHandler, type ConnectionTimeouts, type RequestHead } from "./http-connection.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import { parseSignature, verifySignature, type SignedRequestInfo } from "./sigv4.js";
import { serviceFromUnsignedRequest, usesQueryProtocol } from "./service-router.js";

/** What a raw route may look at to tell whether a request is its own. */
export type RawRouteRequest = Pick<IncomingMessage, "method" | "headers">;

/** Requests under these paths bypass SigV4 (the Lambda Runtime API, the emulator's own admin API). */
export interface RawRoute {
  prefix: string;
  /** Narrows the route to some requests under its prefix (SNS's unsigned links share "/" with the APIs). */
  accepts?(request: RawRouteRequest, url: URL): boolean;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void | Promise<void>;
}

/** The client's connection, as far as answering one request needs it. */
interface ClientLink {
  /** Aborted when the client goes away (a long poll must then take nothing). */
  readonly disconnected: AbortSignal;
  /** Ends the connection without an answer (injected faults). */
  drop(): void;
}

/** How long an idle keep-alive connection stays open (longer than SDK agents keep theirs), and a request head may take. */
const TIMEOUTS: ConnectionTimeouts = { keepAliveMs: 65_000, headersMs: 70_000 };
const EXPIRY_SWEEP_MS = 5_000;
const GATEWAY_FAILURE = "Internal error in the eda emulator gateway.";

export class Gateway {
  private readonly rawRoutes: RawRoute[] = [];
  private readonly codecs: Record<string, ProtocolCodec>;
  private readonly queryCodec: AwsQueryCodec;
  private server: TcpServer | undefined;
  /** Answers on the connections handed over to it; it never listens itself. */
  private readonly nodeHttp: HttpServer;
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<HttpConnection>();
  private expirySweep: NodeJS.Timeout | undefined;
  private hosts: string[] = ["127.0.0.1", "localhost"];
  private readonly connectionHandler: ConnectionHandler;

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
    this.nodeHttp = createServer((req, res) => {
      this.handleNodeRequest(req, res).catch((error: unknown) => {
        this.logFailure(error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(GATEWAY_FAILURE);
      });
    });
    this.nodeHttp.keepAliveTimeout = TIMEOUTS.keepAliveMs;
    this.nodeHttp.headersTimeout = TIMEOUTS.headersMs;
    this.nodeHttp.requestTimeout = 0;
    this.connectionHandler = {
      route: (head) => this.ownRoute(head),
      answer: (head, url, body, connection) => this.answerOwn(head, url, body, connection),
      failed: (error) => {
        this.logFailure(error);
        return { status: 500, headers: { "content-type": "text/plain", "content-length": GATEWAY_FAILURE.length, date: httpDate() }, body: GATEWAY_FAILURE };
      },
      handOver: (connection, unread) => {
        this.connections.delete(connection);
        if (unread) connection.socket.unshift(unread);
        this.nodeHttp.emit("connection", connection.socket);
      },
    };
  }

  addRawRoute(route: RawRoute): void {
    this.rawRoutes.push(route);
  }

  async listen(port: number, host: string): Promise<string> {
    // Half-open sockets, as Node's HTTP server makes them: what a client's end means is decided per connection (here and after a handover).
    const server = createTcpServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.expirySweep = setInterval(() => this.closeExpiredConnections(), EXPIRY_SWEEP_MS).unref();
    const address = server.address() as AddressInfo;
    const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    if (!this.hosts.includes(address.address)) this.hosts.push(address.address);
    return `http://${shownHost}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    clearInterval(this.expirySweep);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const connection = new HttpConnection(socket, this.connectionHandler, TIMEOUTS);
    this.connections.add(connection);
    socket.once("close", () => {
      this.sockets.delete(socket);
      this.connections.delete(connection);
    });
  }

  private closeExpiredConnections(): void {
    const now = Date.now();
    for (const connection of this.connections) if (connection.expired(now)) connection.socket.destroy();
  }

  /** The URL of a request the gateway's own connection handling may answer; undefined for raw routes. */
  private ownRoute(head: RequestHead): URL | undefined {
    const url = new URL(head.target, "http://emulator");
    return this.rawRouteFor(head, url) ? undefined : url;
  }

  private async answerOwn(head: RequestHead, url: URL, body: Buffer, connection: HttpConnection): Promise<Answer | undefined> {
    const request = httpRequest(head.method, head.target, url, head.headers, connection.socket.remoteAddress);
    const requestId = this.runtime.random.uuid();
    const front = this.front(request, requestId);
    if ("response" in front) return answerFor(front.response, request.method);
    if (head.contentLength > front.service.maxBodyBytes) {
      return answerFor(this.tooLarge(front.service, request, requestId), request.method, true);
    }
    request.body = body;
    const response = await this.serve(request, front.signature, front.service, requestId, connection);
    return response && answerFor(response, request.method);
  }

  /** Node's HTTP server answers here on connections handed over to it. */
  private async handleNodeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const raw = this.rawRouteFor(req, url);
    if (raw) {
      try {
        await raw.handle(req, res, url);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ errorMessage: (error as Error).message, errorType: "InternalError" }));
      }
      return;
    }

    const request = httpRequest(req.method ?? "GET", req.url ?? "", url, flattenHeaders(req), req.socket.remoteAddress);
    const requestId = this.runtime.random.uuid();
    const front = this.front(request, requestId);
    if ("response" in front) {
      req.resume();
      reply(res, front.response);
      return;
    }
    const { service } = front;
    const declaredLength = Number(request.headers["content-length"] ?? 0);
    if (declaredLength > service.maxBodyBytes) {
      reply(res, this.tooLarge(service, request, requestId), true);
      return;
    }
    try {
      request.body = await readBody(req, service.maxBodyBytes);
    } catch {
      reply(res, this.tooLarge(service, request, requestId), true);
      return;
    }
    const response = await this.serve(request, front.signature, front.service, requestId, nodeLink(req));
    if (response) reply(res, response);
  }

  /** The signature and service a request is for, read before its body; or the answer when no service is. */
  private front(
    request: HttpRequest,
    requestId: string,
  ): { signature: SignedRequestInfo | "malformed" | undefined; service: ServiceDefinition } | { response: HttpResponse } {
    const signature = parseSignature(request);
    const serviceName =
      signature && signature !== "malformed" ? signature.service : serviceFromUnsignedRequest(request);
    const service = this.runtime.services.get(serviceName);
    if (!service) return { response: unknownServiceResponse(serviceName, requestId) };
    return { signature, service };
  }

  /** Authenticates, decodes, runs and encodes one request whose body is in; undefined when the connection was dropped. */
  private async serve(
    request: HttpRequest,
    signature: SignedRequestInfo | "malformed" | undefined,
    service: ServiceDefinition,
    requestId: string,
    client: ClientLink,
  ): Promise<HttpResponse | undefined> {
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
        client.drop();
        return undefined;
      }
      if (fault.kind === "latency") await new Promise((resolve) => setTimeout(resolve, fault.ms));
      const ctx = new ClientRequestContext(
        requestId,
        signature.region,
        credentials.principal.kind === "service" ? credentials.principal.sourceAccount : credentials.principal.accountId,
        credentials.principal,
        this.runtime,
        {
          origin: `http://${request.headers["host"] ?? "127.0.0.1"}`,
          sourceIp: normaliseIp(request.remoteAddress),
          headers: request.headers,
        },
        client,
      );
      const output = await this.runtime.runOperation(service.signingName, operation, decoded.input, ctx);
      if (this.runtime.observesRequests) {
        await this.runtime.requestCompleted({ service: service.signingName, operation, input: decoded.input, principal: ctx.principal });
      }
      if (fault.kind === "lost-response") {
        // The operation happened but the client never hears of it: retries must be idempotent.
        client.drop();
        return undefined;
      }
      return codec.encode(operation, output, service, requestId);
    } catch (error) {
      const awsError = error instanceof AwsError ? error : internalError();
      if (!(error instanceof AwsError)) {
        this.runtime.log({ level: "error", message: "operation crashed", service: service.signingName, operation, error: String((error as Error)?.stack ?? error) });
      }
      return codec.encodeError(awsError, service, requestId, request);
    }
  }

  /** The most specific prefix wins (/_eda/lambda-runtime/ over the admin API's /_eda/). */
  private rawRouteFor(request: RawRouteRequest, url: URL): RawRoute | undefined {
    let best: RawRoute | undefined;
    for (const route of this.rawRoutes) {
      if (best && best.prefix.length >= route.prefix.length) continue;
      if (url.pathname.startsWith(route.prefix) && (route.accepts?.(request, url) ?? true)) best = route;
    }
    return best;
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

  private logFailure(error: unknown): void {
    this.runtime.log({ level: "error", message: "gateway failure", error: String((error as Error)?.stack ?? error) });
  }
}

/** The context of an operation a client asked for over HTTP. */
class ClientRequestContext implements OperationContext {
  constructor(
    readonly requestId: string,
    readonly region: string,
    readonly accountId: string,
    readonly principal: Principal,
    readonly emulator: EmulatorRuntime,
    readonly http: NonNullable<OperationContext["http"]>,
    private readonly client: ClientLink,
  ) {}

  /** Read on first use: most operations never ask. */
  get signal(): AbortSignal {
    return this.client.disconnected;
  }
}

function httpRequest(method: string, target: string, url: URL, headers: Record<string, string>, remoteAddress: string | undefined): HttpRequest {
  const queryStart = target.indexOf("?");
  return {
    method,
    path: url.pathname,
    rawQuery: queryStart === -1 ? "" : target.slice(queryStart + 1),
    query: url.searchParams,
    headers,
    body: EMPTY_BODY,
    remoteAddress: remoteAddress ?? "127.0.0.1",
  };
}

/**
 * The headers an answer goes out with: its own, Content-Length (for HEAD,
 * the length the GET would have, as HeadObject announces it), Date, and
 * `Connection: close` when the connection must end.
 */
function finalHeaders(response: HttpResponse, method: string, closeConnection: boolean): Record<string, string | number> {
  const { body } = response;
  const headers: Record<string, string | number> = response.headers;
  headers["content-length"] =
    method === "HEAD" && headers["content-length"] !== undefined
      ? headers["content-length"]
      : typeof body === "string"
        ? Buffer.byteLength(body, "utf8")
        : body.length;
  if (closeConnection) headers["connection"] = "close";
  if (!headers["date"]) headers["date"] = httpDate();
  return headers;
}

function answerFor(response: HttpResponse, method: string, closeConnection = false): Answer {
  return { status: response.status, headers: finalHeaders(response, method, closeConnection), body: response.body, closeConnection };
}

function reply(res: ServerResponse, response: HttpResponse, closeConnection = false): void {
  const method = res.req.method ?? "GET";
  res.writeHead(response.status, finalHeaders(response, method, closeConnection));
  res.end(method === "HEAD" ? undefined : response.body);
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

/** Node already lower-cases and merges header lines; only repeated Set-Cookie stays a list. */
function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers = req.headers as Record<string, string | string[] | undefined>;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) delete headers[name];
    else if (Array.isArray(value)) headers[name] = value.join(",");
  }
  return headers as Record<string, string>;
}

const EMPTY_BODY = Buffer.alloc(0);

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
    // Most bodies arrive in one chunk, which needs no copy.
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY_BODY : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

const disconnectSignals = new WeakMap<Socket, AbortSignal>();

/** A connection Node's HTTP server answers on. One signal serves all its requests: the connection closing ends them all. */
function nodeLink(req: IncomingMessage): ClientLink {
  return {
    get disconnected() {
      const socket = req.socket;
      if (socket.destroyed) return AbortSignal.abort();
      let signal = disconnectSignals.get(socket);
      if (!signal) {
        const controller = new AbortController();
        socket.once("close", () => controller.abort());
        signal = controller.signal;
        disconnectSignals.set(socket, signal);
      }
      return signal;
    },
    drop: () => req.socket.destroy(),
  };
}

let cachedDate = { second: Number.NaN, text: "" };

/** The Date header, formatted once per second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedDate.second) cachedDate = { second, text: new Date(second * 1000).toUTCString() };
  return cachedDate.text;
}

function normaliseIp(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
