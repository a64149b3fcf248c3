/**
 * The emulator's side of the Lambda Runtime API (2018-06-01), served on the
 * emulator's own port as an unsigned raw route. Each execution environment
 * gets its own path prefix, which is what its AWS_LAMBDA_RUNTIME_API names:
 * `127.0.0.1:<port>/_eda/lambda-runtime/<environment id>`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RawRoutes } from "../../raw-routes.js";

const RUNTIME_API_PREFIX = "/_eda/lambda-runtime/";

/** Lambda's limit on a synchronous response payload. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

export interface RuntimeApiReply {
  status: number;
  body: Record<string, string>;
}

/** A GET /invocation/next the runtime is waiting on. */
export interface WaitingNext {
  /** Hands the runtime its event; false if the runtime already went away. */
  deliver(headers: Record<string, string>, payload: Buffer): boolean;
  /** Refuses the wait: the environment is stopping. */
  refuse(): void;
  /** The runtime is still waiting (its connection is open). */
  readonly open: boolean;
}

export interface PostedBody {
  body: Buffer;
  /** More than MAX_RESPONSE_BYTES were posted; `body` holds only the start. */
  tooLarge: boolean;
  headers: Record<string, string>;
}

/** What one execution environment does with its runtime's calls. */
export interface RuntimeApiEnvironment {
  next(waiting: WaitingNext, headers: Record<string, string>): void;
  invocationResponse(requestId: string, posted: PostedBody): Promise<RuntimeApiReply>;
  invocationError(requestId: string, posted: PostedBody): Promise<RuntimeApiReply>;
  initError(posted: PostedBody): Promise<RuntimeApiReply>;
}

export const ACCEPTED: RuntimeApiReply = { status: 202, body: { status: "OK" } };

export function apiError(status: number, errorType: string, errorMessage: string): RuntimeApiReply {
  return { status, body: { errorType, errorMessage } };
}

const INVOCATION_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export class RuntimeApi {
  private readonly environments = new Map<string, RuntimeApiEnvironment>();

  constructor(routes: RawRoutes) {
    routes.add({ prefix: RUNTIME_API_PREFIX, handle: (request, response, url) => this.handle(request, response, url) });
  }

  /** Registers an environment; returns the value for its AWS_LAMBDA_RUNTIME_API. */
  register(environmentId: string, environment: RuntimeApiEnvironment, endpoint: string): string {
    this.environments.set(environmentId, environment);
    return `${new URL(endpoint).host}${RUNTIME_API_PREFIX}${environmentId}`;
  }

  unregister(environmentId: string): void {
    this.environments.delete(environmentId);
  }

  private async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const rest = url.pathname.slice(RUNTIME_API_PREFIX.length);
    const slash = rest.indexOf("/");
    const environment = slash > 0 ? this.environments.get(rest.slice(0, slash)) : undefined;
    const path = slash > 0 ? rest.slice(slash) : "";
    if (!environment) {
      request.resume();
      return send(response, apiError(403, "InvalidStateTransition", "The execution environment is no longer running."));
    }

    if (request.method === "GET" && path === "/2018-06-01/runtime/invocation/next") {
      request.resume();
      environment.next(waitingNext(response), flatHeaders(request));
      return;
    }
    if (request.method !== "POST") {
      request.resume();
      return send(response, apiError(404, "NotFound", `No Runtime API resource ${request.method} ${path}.`));
    }
    const posted = await readPosted(request);
    if (path === "/2018-06-01/runtime/init/error") return send(response, await environment.initError(posted));
    const match = INVOCATION_PATH.exec(path);
    if (!match) return send(response, apiError(404, "NotFound", `No Runtime API resource POST ${path}.`));
    const requestId = decodeURIComponent(match[1]!);
    const reply =
      match[2] === "response"
        ? await environment.invocationResponse(requestId, posted)
        : await environment.invocationError(requestId, posted);
    send(response, reply);
  }
}

function waitingNext(response: ServerResponse): WaitingNext {
  let closed = false;
  response.on("close", () => (closed = true));
  return {
    get open() {
      return !closed && !response.destroyed;
    },
    refuse() {
      if (!closed) send(response, apiError(403, "InvalidStateTransition", "The execution environment is stopping."));
    },
    deliver(headers, payload) {
      if (closed || response.destroyed) return false;
      response.writeHead(200, { ...headers, "content-type": "application/json", "content-length": payload.length });
      response.end(payload);
      return true;
    },
  };
}

function readPosted(request: IncomingMessage): Promise<PostedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge, headers: flatHeaders(request) }));
    request.on("error", reject);
  });
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

function send(response: ServerResponse, reply: RuntimeApiReply): void {
  if (response.headersSent) return;
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}
