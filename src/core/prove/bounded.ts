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
