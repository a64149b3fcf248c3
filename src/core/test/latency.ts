/**
 * Where the time went: per-hop latencies from the timestamps each result
 * carries (handlers/shared/result.ts `hops`) and the local upload time,
 * summarised as percentiles. Pure.
 *
 * The first hop compares this machine's clock (upload start) with the
 * service's (S3 eventTime); on AWS a few milliseconds of clock skew show up
 * there, and a negative value means this machine's clock is ahead.
 */
import type { ResultHops } from "../../../handlers/shared/result.js";

export const HOPS = [
  { id: "upload-to-s3-event", label: "upload -> S3 event" },
  { id: "s3-event-to-sns", label: "S3 event -> SNS" },
  { id: "sns-to-sqs", label: "SNS -> SQS" },
  { id: "sqs-to-consumer", label: "SQS -> consumer start" },
  { id: "consumer-to-result", label: "consumer start -> result" },
] as const;

export type HopId = (typeof HOPS)[number]["id"];

export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending `sorted` values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarise(values: readonly number[]): LatencyStats | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

/** Each hop's duration in ms; null where a timestamp is missing (a direct message has no S3 event). */
export function hopDurations(uploadStartedAt: number, hops: ResultHops): Record<HopId, number | null> {
  const between = (from: number | null, to: number | null) => (from === null || to === null ? null : to - from);
  return {
    "upload-to-s3-event": between(uploadStartedAt, hops.s3EventTime),
    "s3-event-to-sns": between(hops.s3EventTime, hops.snsTimestamp),
    "sns-to-sqs": between(hops.snsTimestamp, hops.sqsSentTimestamp),
    "sqs-to-consumer": between(hops.sqsSentTimestamp, hops.handlerStart),
    "consumer-to-result": between(hops.handlerStart, hops.handlerEnd),
  };
}

export interface LatencySample {
  uploadStartedAt: number;
  hops: ResultHops;
}

export interface ConsumerLatency {
  hops: Partial<Record<HopId, LatencyStats>>;
  /** Upload start -> this consumer's result. */
  endToEnd?: LatencyStats;
}

export function consumerLatency(samples: readonly LatencySample[]): ConsumerLatency {
  const perHop = new Map<HopId, number[]>(HOPS.map((hop) => [hop.id, []]));
  const endToEnd: number[] = [];
  for (const sample of samples) {
    const durations = hopDurations(sample.uploadStartedAt, sample.hops);
    for (const hop of HOPS) {
      const duration = durations[hop.id];
      if (duration !== null) perHop.get(hop.id)!.push(duration);
    }
    endToEnd.push(sample.hops.handlerEnd - sample.uploadStartedAt);
  }
  const hops: Partial<Record<HopId, LatencyStats>> = {};
  for (const [id, values] of perHop) {
    const stats = summarise(values);
    if (stats) hops[id] = stats;
  }
  const total = summarise(endToEnd);
  return total ? { hops, endToEnd: total } : { hops };
}

export interface Throughput {
  objects: number;
  seconds: number;
  perSecond: number;
}

/** `objects` over the span from `startedAt` to `endedAt` (ms); undefined for an empty span. */
export function throughput(objects: number, startedAt: number, endedAt: number): Throughput | undefined {
  const seconds = (endedAt - startedAt) / 1000;
  if (objects === 0 || !(seconds > 0)) return undefined;
  return { objects, seconds, perSecond: objects / seconds };
}
