/**
 * Waiting for project consumers to process known inputs (`eda upload`,
 * `eda send`): their tracing shim's lines are followed from just before the
 * inputs were sent, and each expected input is settled by the first record
 * that names it, whatever its outcome (a failure is shown, not waited out:
 * retries may take a visibility timeout each).
 */
import type { CoreContext } from "../context.js";
import type { Consumer } from "../stack/config.js";
import type { TraceLine, TraceRecord } from "../../function-shim/trace-format.js";
import type { TraceFollower } from "./traces.js";

export interface ExpectedTrace {
  consumer: Consumer;
  /** An object key, or the SQS message id of a message sent straight to the queue. */
  subject: string;
}

const POLL_INTERVAL_MS = 500;

export async function awaitTraces<T extends ExpectedTrace>(
  ctx: CoreContext,
  followers: ReadonlyMap<Consumer, TraceFollower>,
  expected: readonly T[],
  options: { timeoutMs: number; onTrace: (expected: T, line: TraceLine, record: TraceRecord) => void },
): Promise<{ missing: T[]; interrupted: boolean }> {
  const outstanding = new Map(expected.map((entry) => [`${entry.consumer}\n${entry.subject}`, entry]));
  const deadline = ctx.clock.now() + options.timeoutMs;
  try {
    while (outstanding.size > 0) {
      for (const [consumer, follower] of followers) {
        for (const { line } of await follower.poll({ signal: ctx.signal })) {
          for (const record of line.records) {
            for (const subject of record.keys.length > 0 ? record.keys : [record.id]) {
              const entry = outstanding.get(`${consumer}\n${subject}`);
              if (!entry) continue;
              outstanding.delete(`${consumer}\n${subject}`);
              options.onTrace(entry, line, record);
            }
          }
        }
      }
      if (outstanding.size === 0 || ctx.clock.now() >= deadline) break;
      await ctx.clock.sleep(POLL_INTERVAL_MS, ctx.signal);
    }
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    return { missing: [...outstanding.values()], interrupted: true };
  }
  return { missing: [...outstanding.values()], interrupted: false };
}
