/** Invocation requests as Lambda's front end hands them to an execution environment. */
import type { InvocationRequest } from "../../execution/host/environment.js";
import type { ServiceHub } from "../service.js";

export function invocationRequest(runtime: ServiceHub, payload: Buffer, clientContext?: string): InvocationRequest {
  return {
    requestId: runtime.random.uuid(),
    payload,
    traceId: traceHeader(runtime),
    ...(clientContext !== undefined ? { clientContext } : {}),
  };
}

/** An X-Ray trace header (Root=1-<epoch seconds hex>-<96-bit id>), unsampled. */
function traceHeader(runtime: ServiceHub): string {
  const seconds = Math.floor(runtime.clock.now() / 1000).toString(16).padStart(8, "0");
  return `Root=1-${seconds}-${runtime.random.hex(12)};Parent=${runtime.random.hex(8)};Sampled=0`;
}
