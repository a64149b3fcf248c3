/** Invocation requests as Lambda's front end hands them to an execution environment. */
import type { InvocationRequest } from "../../execution/host/environment.js";
import type { ServiceHub } from "../service.js";

export function invocationRequest(hub: ServiceHub, payload: Buffer, clientContext?: string): InvocationRequest {
  return {
    requestId: hub.random.uuid(),
    payload,
    traceId: traceHeader(hub),
    ...(clientContext !== undefined ? { clientContext } : {}),
  };
}

/** An X-Ray trace header (Root=1-<epoch seconds hex>-<96-bit id>), unsampled. */
function traceHeader(hub: ServiceHub): string {
  const seconds = Math.floor(hub.clock.now() / 1000).toString(16).padStart(8, "0");
  return `Root=1-${seconds}-${hub.random.hex(12)};Parent=${hub.random.hex(8)};Sampled=0`;
}
