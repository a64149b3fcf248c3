/**
 * The gateway: one HTTP endpoint for every service, on Node's HTTP server.
 * Each request passes the ordered list of steps below; a step may answer
 * (an error, a refusal, a raw route's own answer) and so end the request.
 * A cross-cutting concern is one more step. Any failure becomes an AWS error
 * envelope; nothing reaches the socket raw.
 *
 * Connections follow Node's server rules: a request head must be complete
 * within the headers timeout counted from its first byte, a request body
 * within the request timeout, an idle keep-alive connection closes after the
 * keep-alive timeout, and connections beyond the cap are dropped (logged once
 * each time the cap is reached).
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { AwsError, internalError } from "../errors.js";
import type { Principal } from "../policy/principal.js";
import { AwsJsonCodec } from "../protocols/aws-json.js";
import { isAwsChunked } from "../protocols/aws-chunked.js";
import { AwsQueryCodec, queryErrorDocument } from "../protocols/aws-query.js";
import type { ProtocolCodec } from "../protocols/codec.js";
import { RestJsonCodec } from "../protocols/rest-json.js";
import { RestXmlCodec } from "../protocols/rest-xml.js";
import type { EmulatorHub } from "../hub.js";
import type { ConnectionLimits } from "../settings.js";
import type { OperationContext, ServiceDefinition } from "../services/service.js";
import { authenticateBody, authenticateHead, type Authentication } from "./authenticate.js";
import { bodyLimit, declaredLength, type BodyLimit } from "./body-limits.js";
import { corsHeaders, foreignOrigin, hostRefusal, originRefusal, preflightHeaders, type FrontDoorPolicy } from "./front-door.js";
import type { HttpRequest, HttpResponse } from "../protocols/http-types.js";
import { BodyTooLarge, readBody } from "./read-body.js";
import { serviceFromUnsignedRequest, usesQueryProtocol } from "./service-router.js";
import { parseSignature, type SignedRequestInfo } from "./sigv4.js";

const GATEWAY_FAILURE = "Internal error in the eda emulator gateway.";

/** One request on its way through the steps. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly request: HttpRequest;
  /** The page origin of an allowed browser request: its answer carries CORS headers. */
  corsOrigin?: string;
  service?: ServiceDefinition;
  codec?: ProtocolCodec;
  /** The SigV4 authentication the request carries, parsed once for routing and authentication. */
  signature?: SignedRequestInfo | "malformed";
  /** The largest body the operation takes, decided from the head. */
  limit?: BodyLimit;
  auth?: Authentication;
  operation: string;
  input?: Record<string, unknown>;
  output?: unknown;
  /** The operation ran: its answer is encoded and observed before it is written. */
  ran?: boolean;
  fault?: ReturnType<EmulatorHub["faults"]["decide"]>;
  /** Set by a step that answers; before the operation runs, the steps after it do not run. */
  response?: HttpResponse;
  /** Close the connection after the answer (a body left unread). */
  closeConnection?: boolean;
  /** The body was read in full (a refusal before then leaves it unread). */
  bodyRead?: boolean;
  /** The request was answered by a raw route or dropped: nothing more to write. */
  settled?: boolean;
}

type Step = (exchange: Exchange) => void | Promise<void>;

export class Gateway {
  private readonly codecs: Record<string, ProtocolCodec>;
  private readonly queryCodec: AwsQueryCodec;
  private readonly server: HttpServer;
  private readonly sockets = new Set<Socket>();
  private connectionCapLogged = false;
  private policy: FrontDoorPolicy;

  /** The steps every request passes, in order. */
  private readonly steps: Step[] = [
    (x) => this.checkHost(x),
    (x) => this.checkOrigin(x),
    (x) => this.routeRaw(x),
    (x) => this.routeService(x),
    (x) => this.authenticate(x),
    (x) => this.checkSize(x),
    (x) => this.readBody(x),
    (x) => this.decode(x),
    (x) => this.injectFaults(x),
    (x) => this.run(x),
    (x) => this.encode(x),
    (x) => this.observe(x),
  ];

  constructor(
    private readonly hub: EmulatorHub,
    limits: ConnectionLimits,
    corsOrigins: readonly string[],
  ) {
    this.policy = { hosts: [], corsOrigins };
    this.queryCodec = new AwsQueryCodec((service) =>
      service.protocol === "awsQuery" ? { xmlNamespace: service.xmlNamespace!, version: service.version! } : service.queryCompatible!,
    );
    this.codecs = {
      awsQuery: this.queryCodec,
      awsJson1_0: new AwsJsonCodec("1.0"),
      awsJson1_1: new AwsJsonCodec("1.1"),
      restJson1: new RestJsonCodec(),
      restXml: new RestXmlCodec(() => ["127.0.0.1", "localhost", ...this.policy.hosts]),
    };
    this.server = createServer(
      {
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 2),
        noDelay: true,
      },
      (req, res) => this.handle(req, res),
    );
    // Large uploads ask before sending their body: answered only once the head is authenticated.
    this.server.on("checkContinue", (req, res) => this.handle(req, res));
    this.server.maxConnections = limits.maxConnections;
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => {
        this.sockets.delete(socket);
        if (this.sockets.size < limits.maxConnections) this.connectionCapLogged = false;
      });
    });
    this.server.on("drop", (dropped?: { remoteAddress?: string }) => {
      if (this.connectionCapLogged) return;
      this.connectionCapLogged = true;
      this.hub.log({
        level: "warn",
        message: `connection limit reached: ${limits.maxConnections} connections are open; new connections are closed until some end`,
        remoteAddress: dropped?.remoteAddress,
      });
    });
  }

  /** Listens on `host`; `allowedHosts` are the names besides loopback ones clients may use for it. */
  async listen(port: number, host: string, allowedHosts: readonly string[] = []): Promise<string> {
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const names = new Set([host.toLowerCase(), address.address.toLowerCase(), ...allowedHosts.map((name) => name.toLowerCase())]);
    this.policy = { ...this.policy, hosts: [...names].filter((name) => name !== "127.0.0.1" && name !== "localhost") };
    const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `http://${shownHost}:${address.port}`;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange: Exchange = { req, res, requestId: this.hub.random.uuid(), request: httpRequest(req), operation: "(unknown)" };
    try {
      for (const step of this.steps) {
        await step(exchange);
        // A refusal ends the request; once the operation ran, encode and observe both follow it.
        if (exchange.settled || (exchange.response && !exchange.ran)) break;
      }
    } catch (error) {
      exchange.response = this.errorResponse(exchange, error);
    }
    if (exchange.settled) return;
    if (!exchange.response) exchange.response = this.errorResponse(exchange, new Error("no step answered"));
    this.reply(exchange);
  }

  // --- the steps ---

  /** DNS rebinding: only the emulator's own names. */
  private checkHost(x: Exchange): void {
    const refusal = hostRefusal(x.request.headers["host"], this.policy);
    if (refusal) {
      x.response = frontDoorRefusal(403, "InvalidHost", refusal, x.requestId);
      x.closeConnection = true;
    }
  }

  /** Web pages: refused unless --cors-origin names their origin; preflights of allowed ones are answered here. */
  private checkOrigin(x: Exchange): void {
    const refusal = originRefusal(x.request.headers, this.policy);
    if (refusal) {
      x.response = frontDoorRefusal(403, "OriginNotAllowed", refusal, x.requestId);
      x.closeConnection = true;
      return;
    }
    const origin = foreignOrigin(x.request.headers);
    if (origin === undefined) return;
    x.corsOrigin = origin;
    if (x.request.method === "OPTIONS" && x.request.headers["access-control-request-method"]) {
      x.response = { status: 200, headers: preflightHeaders(origin, x.request.headers["access-control-request-headers"]), body: "" };
    }
  }

  /** Unsigned routes (admin API, Lambda Runtime API, SNS links) take the request over. */
  private async routeRaw(x: Exchange): Promise<void> {
    const url = new URL(x.req.url ?? "/", "http://emulator");
    const raw = this.hub.routes.routeFor(x.req, url);
    if (!raw) return;
    x.settled = true;
    if (x.req.headers.expect?.toLowerCase() === "100-continue") x.res.writeContinue();
    try {
      await raw.handle(x.req, x.res, url);
    } catch (error) {
      this.logFailure(error);
      if (!x.res.headersSent) x.res.writeHead(500, { "content-type": "application/json" });
      x.res.end(JSON.stringify({ errorMessage: (error as Error).message, errorType: "InternalError" }));
    }
  }

  /** The service: the signature's credential scope, else what the unsigned request looks like. */
  private routeService(x: Exchange): void {
    const signature = parseSignature(x.request);
    x.signature = signature;
    const name = signature && signature !== "malformed" ? signature.service : serviceFromUnsignedRequest(x.request);
    const service = this.hub.services.get(name);
    if (!service) {
      x.response = unknownServiceResponse(name, x.requestId);
      x.closeConnection = true;
      return;
    }
    x.service = service;
    // The headers may name another protocol than the service's own (SQS's query clients).
    x.codec = this.codecFor(service, x.request);
  }

  /** From the head alone: an unknown key or a stale date is answered before any of the body is read. */
  private authenticate(x: Exchange): void {
    x.auth = authenticateHead(x.request, x.signature, x.service!, this.hub);
  }

  /** A body announced larger than the operation takes is refused from the head. */
  private checkSize(x: Exchange): void {
    const limit = bodyLimit(x.service!, x.request);
    x.limit = limit;
    const declared = Number(declaredLength(x.request) ?? 0);
    if (declared > limit.bytes) throw limit.error;
  }

  private async readBody(x: Exchange): Promise<void> {
    if (x.req.headers.expect?.toLowerCase() === "100-continue") x.res.writeContinue();
    const auth = x.auth!;
    const { body, sha256 } = await readBody(x.req, x.limit!, isAwsChunked(x.request.headers), auth.pending.kind !== "none").catch(
      (error: unknown) => {
        throw error instanceof BodyTooLarge ? error.error : error;
      },
    );
    x.request.body = body;
    x.bodyRead = true;
    authenticateBody(x.request, auth, x.service!, sha256);
  }

  private async decode(x: Exchange): Promise<void> {
    const decoded = await x.codec!.decode(x.request, x.service!);
    x.operation = decoded.operation;
    x.input = decoded.input;
  }

  private async injectFaults(x: Exchange): Promise<void> {
    const fault = this.hub.faults.decide(x.service!.signingName, x.operation, x.auth!.principal.kind);
    x.fault = fault;
    if (fault.kind === "error") throw fault.error;
    if (fault.kind === "reset") {
      x.req.socket.destroy();
      x.settled = true;
    }
    if (fault.kind === "latency") await new Promise((resolve) => setTimeout(resolve, fault.ms));
  }

  private async run(x: Exchange): Promise<void> {
    const { principal } = x.auth!;
    const ctx = new ClientRequestContext(
      x.requestId,
      x.auth!.signature.region,
      principal.kind === "service" ? principal.sourceAccount : principal.accountId,
      principal,
      this.hub,
      {
        origin: `http://${x.request.headers["host"] ?? "127.0.0.1"}`,
        sourceIp: normaliseIp(x.request.remoteAddress),
        headers: x.request.headers,
      },
      x.req.socket,
    );
    x.output = await this.hub.runOperation(x.service!.signingName, x.operation, x.input!, ctx);
    x.ran = true;
    if (x.fault?.kind === "lost-response") {
      // The operation happened but the client never hears of it: retries must be idempotent.
      x.req.socket.destroy();
      x.settled = true;
    }
  }

  private encode(x: Exchange): void {
    x.response = x.codec!.encode(x.operation, x.output, x.service!, x.requestId);
  }

  private async observe(x: Exchange): Promise<void> {
    if (!this.hub.observesRequests) return;
    await this.hub.requestCompleted({ service: x.service!.signingName, operation: x.operation, input: x.input!, principal: x.auth!.principal });
  }

  // --- answers ---

  private errorResponse(x: Exchange, error: unknown): HttpResponse {
    const awsError = error instanceof AwsError ? error : internalError();
    if (!(error instanceof AwsError)) {
      this.hub.log({ level: "error", message: "operation crashed", service: x.service?.signingName, operation: x.operation, error: String((error as Error)?.stack ?? error) });
    }
    // Refused before its body was read: the rest of the body is not waited for.
    if (!x.bodyRead && expectsBody(x.req)) x.closeConnection = true;
    if (!x.service || !x.codec) return frontDoorRefusal(awsError.status ?? 500, awsError.code, awsError.message, x.requestId);
    return x.codec.encodeError(awsError, x.service, x.requestId, x.request);
  }

  private reply(x: Exchange): void {
    const { res, req } = x;
    const response = x.response!;
    const method = req.method ?? "GET";
    const headers: Record<string, string | number> = { ...response.headers, ...(x.corsOrigin ? corsHeaders(x.corsOrigin) : {}) };
    headers["content-length"] =
      method === "HEAD" && headers["content-length"] !== undefined
        ? headers["content-length"]
        : typeof response.body === "string"
          ? Buffer.byteLength(response.body, "utf8")
          : response.body.length;
    if (x.closeConnection) headers["connection"] = "close";
    try {
      res.writeHead(response.status, headers);
      res.end(method === "HEAD" ? undefined : response.body);
    } catch (error) {
      this.logFailure(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(GATEWAY_FAILURE);
    }
    // Node would otherwise read (and discard) the rest of a refused body: end the connection once the answer is out.
    if (x.closeConnection && !x.bodyRead && expectsBody(req)) res.once("finish", () => req.socket.destroySoon());
  }

  private codecFor(service: ServiceDefinition, request: HttpRequest): ProtocolCodec {
    if (service.queryCompatible && usesQueryProtocol(request)) return this.queryCodec;
    return this.codecs[service.protocol]!;
  }

  private logFailure(error: unknown): void {
    this.hub.log({ level: "error", message: "gateway failure", error: String((error as Error)?.stack ?? error) });
  }
}

/** The context of an operation a client asked for over HTTP. */
class ClientRequestContext implements OperationContext {
  constructor(
    readonly requestId: string,
    readonly region: string,
    readonly accountId: string,
    readonly principal: Principal,
    readonly hub: EmulatorHub,
    readonly http: NonNullable<OperationContext["http"]>,
    private readonly socket: Socket,
  ) {}

  /** Aborted when the client goes away (a long poll must then take nothing); read on first use: most operations never ask. */
  get signal(): AbortSignal {
    return disconnectSignal(this.socket);
  }
}

const disconnectSignals = new WeakMap<Socket, AbortSignal>();

/** One signal per connection: the connection closing ends all its requests. */
function disconnectSignal(socket: Socket): AbortSignal {
  if (socket.destroyed) return AbortSignal.abort();
  let signal = disconnectSignals.get(socket);
  if (!signal) {
    const controller = new AbortController();
    socket.once("close", () => controller.abort());
    signal = controller.signal;
    disconnectSignals.set(socket, signal);
  }
  return signal;
}

/**
 * The request as the codecs see it. The path is taken as sent: S3 signs and
 * stores keys with `.` and `..` segments literally, so nothing normalises it.
 */
function httpRequest(req: IncomingMessage): HttpRequest {
  const target = req.url ?? "/";
  const queryStart = target.indexOf("?");
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? "" : target.slice(queryStart + 1);
  return {
    method: req.method ?? "GET",
    // An absolute-form target (http://host/path) still names a path.
    path: rawPath.startsWith("/") ? rawPath : absolutePath(rawPath),
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers: flattenHeaders(req),
    body: EMPTY_BODY,
    remoteAddress: req.socket.remoteAddress ?? "127.0.0.1",
  };
}

function expectsBody(req: IncomingMessage): boolean {
  return Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
}

function absolutePath(target: string): string {
  try {
    return new URL(target).pathname;
  } catch {
    return "/";
  }
}

/** Node already lower-cases and merges header lines; only repeated Set-Cookie stays a list. */
function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

const EMPTY_BODY = Buffer.alloc(0);

/** A refusal before any service is known, in the query-protocol envelope every SDK can read (its code also in x-amzn-errortype). */
function frontDoorRefusal(status: number, code: string, message: string, requestId: string): HttpResponse {
  return {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId, "x-amzn-errortype": code },
    body: queryErrorDocument({ type: "Sender", code, message }, requestId),
  };
}

/** For a credential scope naming a service the emulator does not provide. */
function unknownServiceResponse(serviceName: string, requestId: string): HttpResponse {
  return frontDoorRefusal(
    400,
    "UnknownService",
    `The service "${serviceName}" is not provided by the eda emulator (it provides s3, sns, sqs, sts, iam, lambda and logs).`,
    requestId,
  );
}

function normaliseIp(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
