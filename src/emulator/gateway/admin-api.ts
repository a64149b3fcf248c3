/**
 * The emulator's own unsigned admin API under /_eda/: a health check the CLI
 * waits on after starting the emulator, and the fault-injection plan
 * (GET to read it with the faults injected so far, PUT a JSON or compact
 * plan to set, DELETE to clear).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFaultPlan } from "../faults.js";
import type { EmulatorRuntime } from "../runtime.js";
import type { RawRoute } from "./http-server.js";

export const ADMIN_PREFIX = "/_eda/";

export function adminRoute(runtime: EmulatorRuntime, startedAt: number): RawRoute {
  return {
    prefix: ADMIN_PREFIX,
    async handle(req, res, url) {
      const path = url.pathname.slice(ADMIN_PREFIX.length);
      if (path === "health" && req.method === "GET") {
        return json(res, 200, {
          status: "running",
          endpoint: runtime.endpoint,
          accountId: runtime.settings.accountId,
          profile: runtime.settings.profile,
          timeScale: runtime.settings.timeScale,
          services: [...runtime.services.keys()],
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          pid: process.pid,
        });
      }
      if (path === "faults") {
        if (req.method === "GET") return json(res, 200, { plan: runtime.faults.current() ?? null, injected: runtime.faults.counts() });
        if (req.method === "DELETE") {
          runtime.faults.set(undefined);
          return json(res, 200, { plan: null });
        }
        if (req.method === "PUT" || req.method === "POST") {
          try {
            const plan = parseFaultPlan(await readText(req));
            runtime.faults.set(plan);
            runtime.log({ level: "info", message: "fault plan set", plan });
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

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        reject(new Error("plan too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
