/**
 * The child's side of the Lambda Runtime API (2018-06-01): long-poll for the
 * next event, then post its response or error, or post an init error. Every
 * completion carries how many log records were written so far, so the
 * emulator can wait for them before it writes END and REPORT.
 */
import { Agent, request, type IncomingHttpHeaders } from "node:http";
import { LOG_RECORDS_HEADER, MAX_RSS_HEADER } from "./log-channel.js";
import { logRecordsWritten } from "./log-patch.js";
import type { ErrorResponse } from "./runtime-errors.js";

export interface NextInvocation {
  body: string;
  headers: IncomingHttpHeaders;
}

interface ApiAnswer extends NextInvocation {
  status: number;
}

export class RuntimeApiClient {
  private readonly host: string;
  private readonly port: number;
  private readonly basePath: string;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  /** `api` is AWS_LAMBDA_RUNTIME_API: host:port, here followed by the environment's path prefix. */
  constructor(api: string) {
    const url = new URL(`http://${api}`);
    this.host = url.hostname.replace(/^\[|\]$/g, "");
    this.port = Number(url.port);
    this.basePath = url.pathname.replace(/\/$/, "");
  }

  async nextInvocation(): Promise<NextInvocation> {
    const answer = await this.send("GET", "/2018-06-01/runtime/invocation/next", undefined, {});
    if (answer.status !== 200) throw new Error(`Runtime API refused the next invocation (${answer.status}): ${answer.body}`);
    return answer;
  }

  async postInvocationResponse(requestId: string, body: string): Promise<void> {
    await this.send("POST", `/2018-06-01/runtime/invocation/${encodeURIComponent(requestId)}/response`, body, {});
  }

  async postInvocationError(requestId: string, error: ErrorResponse): Promise<void> {
    await this.send("POST", `/2018-06-01/runtime/invocation/${encodeURIComponent(requestId)}/error`, JSON.stringify(error), {
      "lambda-runtime-function-error-type": error.errorType,
    });
  }

  async postInitError(error: ErrorResponse): Promise<void> {
    await this.send("POST", "/2018-06-01/runtime/init/error", JSON.stringify(error), {
      "lambda-runtime-function-error-type": error.errorType,
    });
  }

  /**
   * Resolves with whatever the API answered: a refused post (413 for an
   * oversized response) is still a post the platform has dealt with. Rejects
   * only when the API cannot be reached.
   */
  private send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<ApiAnswer> {
    const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
    const allHeaders: Record<string, string | number> = {
      ...headers,
      [LOG_RECORDS_HEADER]: logRecordsWritten(),
      [MAX_RSS_HEADER]: process.resourceUsage().maxRSS,
    };
    if (payload) {
      allHeaders["content-type"] = "application/json";
      allHeaders["content-length"] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: this.host, port: this.port, path: `${this.basePath}${path}`, method, headers: allHeaders, agent: this.agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => {
            resolve({ status: incoming.statusCode ?? 500, body: Buffer.concat(chunks).toString("utf8"), headers: incoming.headers });
          });
          incoming.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(payload);
    });
  }
}
