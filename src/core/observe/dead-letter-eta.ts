/**
 * When a poisoned message is expected in a dead-letter queue, and why. A
 * message that fails every time is received maxReceiveCount times, each
 * receive hiding it for the queue's visibility timeout; the receive after the
 * last one moves it to the DLQ (SQS Developer Guide, "Using dead-letter
 * queues"). So it arrives about maxReceiveCount x VisibilityTimeout after it
 * was sent: 5 x 180 s = 15 minutes with the stack's settings. eda's emulator
 * started with --time-scale N runs that queue time N times faster.
 */
import { counted } from "../wording.js";

/** The settings of one source queue that decide when its DLQ gets a message. */
export interface RedriveSettings {
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

export interface DeadLetterEta {
  /** Epoch ms at which the last of the queues is expected to have moved the message. */
  expectedAt: number;
  /** From sending to arrival, in real time. */
  afterMs: number;
  /** The slowest queue's settings (the one `expectedAt` is for). */
  slowest: RedriveSettings;
  timeScale: number;
}

/** The settings from GetQueueAttributes (VisibilityTimeout, RedrivePolicy); SQS's defaults where absent. */
export function redriveSettingsOf(attributes: Record<string, string | undefined>): RedriveSettings {
  const redrive = JSON.parse(attributes.RedrivePolicy ?? "{}") as { maxReceiveCount?: number | string };
  return {
    visibilityTimeoutSeconds: Number(attributes.VisibilityTimeout ?? 30),
    maxReceiveCount: Number(redrive.maxReceiveCount ?? 1),
  };
}

/** The arrival in the slowest of `queues` of a message that fails every time, sent at `sentAt`. */
export function deadLetterEta(queues: readonly RedriveSettings[], sentAt: number, timeScale = 1): DeadLetterEta {
  if (queues.length === 0) throw new Error("deadLetterEta needs at least one queue");
  const queueTimeMs = (queue: RedriveSettings) => queue.maxReceiveCount * queue.visibilityTimeoutSeconds * 1000;
  const slowest = queues.reduce((a, b) => (queueTimeMs(b) > queueTimeMs(a) ? b : a));
  const afterMs = Math.ceil(queueTimeMs(slowest) / timeScale);
  return { expectedAt: sentAt + afterMs, afterMs, slowest, timeScale };
}

/** Where the run happens, for the advice on speeding it up. */
export interface EtaTarget {
  /** eda's embedded emulator (--local). */
  local: boolean;
  timeScale: number;
}

/** The speed-up the advice suggests: a minute of queue time per second. */
export const SUGGESTED_TIME_SCALE = 60;

/**
 * "expected in the DLQs at about 14:12:30 (in 15m: 5 receives x 180 s
 * visibility timeout)", and on an unscaled target how to see it in seconds.
 */
export function deadLetterEtaLines(eta: DeadLetterEta, target: EtaTarget): string[] {
  const { maxReceiveCount, visibilityTimeoutSeconds } = eta.slowest;
  const why = `${counted(maxReceiveCount, "receive")} x ${visibilityTimeoutSeconds} s visibility timeout`;
  const scaled = eta.timeScale === 1 ? "" : `, queue time ${eta.timeScale}x faster`;
  const lines = [`expected in the DLQs at about ${clockTime(eta.expectedAt)} (in ${formatDuration(eta.afterMs)}: ${why}${scaled})`];
  if (eta.timeScale === 1) {
    const faster = formatDuration(Math.ceil(eta.afterMs / SUGGESTED_TIME_SCALE));
    lines.push(
      target.local
        ? `to see it in ${faster} locally: eda local stop, then eda local start --time-scale ${SUGGESTED_TIME_SCALE} (or EDA_LOCAL_TIME_SCALE=${SUGGESTED_TIME_SCALE}), and eda setup --local again`
        : `to see it in ${faster}, on eda's emulator: eda local start --time-scale ${SUGGESTED_TIME_SCALE}, then the same commands with --local`,
    );
  }
  return lines;
}

/** Local time of day, HH:MM:SS: what the user compares with the clock on their screen. */
export function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, "0")).join(":");
}

/** 900000 -> "15m", 15000 -> "15s", 150000 -> "2m30s": whole seconds, rounded up. */
export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}
