import { defaultMaxListeners, setMaxListeners } from "node:events";
import type { CoreContext } from "./context.js";

/**
 * Runs `work` over `items` with at most `limit` calls in flight, in item
 * order. Stops taking new items once `signal` aborts (calls in flight
 * finish). Each item's failure is caught by `work` itself: one failure must
 * not stop the others.
 */
export async function forEachBounded<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (;;) {
      if (signal?.aborted) return;
      const next = iterator.next();
      if (next.done) return;
      await work(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}

/**
 * The context with a signal of its own that many requests in flight may
 * listen to: each SDK call with an abort signal adds a listener, and Node
 * warns past 10 on one signal. Aborting the command's signal aborts this one.
 */
export function withRequestRoom(ctx: CoreContext, requestsInFlight: number): CoreContext {
  const signal = AbortSignal.any([ctx.signal]);
  setMaxListeners(Math.max(defaultMaxListeners, 4 * requestsInFlight), signal);
  return { ...ctx, signal };
}
