/**
 * The ResourceEnv each step of setup, teardown and status gets: the clients,
 * clock and signal of the command, the consumers' code, and progress that
 * becomes step-progress events.
 */
import type { CoreContext } from "../context.js";
import type { HandlerCodeSource, ResourceEnv } from "./resource.js";

/** Progress lines name their resource: steps run in parallel and plain output interleaves them. */
export function resourceEnv(ctx: CoreContext, step: { id: string; label: string }, handlerCode: HandlerCodeSource): ResourceEnv {
  return {
    clients: ctx.clients,
    clock: ctx.clock,
    signal: ctx.signal,
    handlerCode,
    progress: (message, attempt) =>
      ctx.events.emit({ type: "step-progress", id: step.id, message: `${step.label}: ${message}`, ...(attempt ? { attempt } : {}) }),
  };
}
