/**
 * The emulator's own admin API under /_eda/: a health check the CLI waits on
 * after starting the emulator (open: it changes nothing and tells only that
 * this emulator runs), and the fault-injection plan (GET to read it with the
 * faults injected so far, PUT a JSON or compact plan to set, DELETE to
 * clear).
 *
 * Everything but the health check needs the emulator's own credentials: a
 * SigV4 signature with the admin key (any service name in the scope), or the
 * admin token (`x-eda-admin-token`, kept in EDA_HOME by `eda local start`).
 * Neither can be sent by a web page's simple request.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFaultPlan } from "../faults.js";
import type { EmulatorHub } from "../hub.js";
import { MAX_SKEW_MS, isoFromAmzDate } from "./auth-refusals.js";
import type { RawRoute } from "../raw-routes.js";
import type { HttpRequest } from "../protocols/http-types.js";
import { parseSignature, verifySignature } from "./sigv4.js";

export const ADMIN_PREFIX = "/_eda/";
const ADMIN_TOKEN_HEADER = "x-eda-admin-token";
const MAX_PLAN_BYTES = 64 * 1024;

export function adminRoute(hub: EmulatorHub, startedAt: number): RawRoute {
  return {
    prefix: ADMIN_PREFIX,
    async handle(req, res, url) {
      const path = url.pathname.slice(ADMIN_PREFIX.length);
      if (path === "health" && req.method === "GET") {
        req.resume();
        return json(res, 200, {
          status: "running",
          endpoint: hub.endpoint,
          accountId: hub.settings.accountId,
          profile: hub.settings.profile,
          timeScale: hub.settings.timeScale,
          services: [...hub.services.keys()],
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          pid: process.pid,
        });
      }
      let body: Buffer;
      try {
        body = await readLimited(req, MAX_PLAN_BYTES);
      } catch (error) {
        res.setHeader("connection", "close");
        return json(res, 413, { error: (error as Error).message });
      }
      const refusal = authorisationRefusal(hub, req, url, body);
      if (refusal) return json(res, 403, { error: refusal });
      if (path === "faults") {
        if (req.method === "GET") return json(res, 200, { plan: hub.faults.current() ?? null, injected: hub.faults.counts() });
        if (req.method === "DELETE") {
          hub.faults.set(undefined);
          return json(res, 200, { plan: null });
        }
        if (req.method === "PUT" || req.method === "POST") {
          try {
            const plan = parseFaultPlan(body.toString("utf8"));
            hub.faults.set(plan);
            hub.log({ level: "info", message: "fault plan set", plan });
            return json(res, 200, { plan });
          } catch (error) {
            return json(res, 400, { error: `invalid fault plan: ${(error as Error).message}` });
          }
        }
      }
      return json(res, 404, { error: `no admin resource ${req.method} ${url.pathname}` });
    },
  };
}

/** Why the request may not use the admin API, or undefined when it carries the admin token or the admin key's valid signature. */
function authorisationRefusal(hub: EmulatorHub, req: IncomingMessage, url: URL, body: Buffer): string | undefined {
  const token = req.headers[ADMIN_TOKEN_HEADER];
  if (typeof token === "string") {
    const given = Buffer.from(token);
    const expected = Buffer.from(hub.settings.adminToken);
    return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : `the ${ADMIN_TOKEN_HEADER} header is not this emulator's admin token`;
  }
  const target = req.url ?? "/";
  const queryStart = target.indexOf("?");
  const request: HttpRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    rawQuery: queryStart === -1 ? "" : target.slice(queryStart + 1),
    query: url.searchParams,
    headers: req.headers as Record<string, string>,
    body,
    remoteAddress: req.socket.remoteAddress ?? "",
  };
  const signature = parseSignature(request);
  const missing = `the admin API needs the ${ADMIN_TOKEN_HEADER} header (the token is in EDA_HOME/admin-token) or a SigV4 signature with the emulator's access key`;
  if (signature === undefined || signature === "malformed" || signature.presigned) return missing;
  if (signature.accessKeyId !== hub.settings.accessKeyId) return "the admin API takes only the emulator's own access key";
  const dated = Date.parse(isoFromAmzDate(signature.amzDate));
  if (Number.isNaN(dated) || Math.abs(hub.settings.signatureClock.now() - dated) > MAX_SKEW_MS) return "the signature's date is more than 15 minutes from the emulator's clock";
  return verifySignature(request, signature, hub.settings.secretAccessKey) ? undefined : "the signature does not match";
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new Error(`an admin request body is at most ${limit} bytes`));
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
