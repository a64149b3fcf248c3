/**
 * The summary `eda test` prints: per-hop latency percentiles for each
 * consumer, end-to-end percentiles, throughput, the problems found and the
 * pass/fail line. Pure text formatting.
 */
import type { Consumer } from "../stack/config.js";
import { HOPS, type ConsumerLatency, type LatencyStats, type Throughput } from "./latency.js";
import type { Problem } from "./verification.js";
import { counted } from "../wording.js";

/** 7 -> "7ms", 1234 -> "1.23s", 75000 -> "75.0s" */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (Math.abs(ms) < 1000) return `${Math.round(ms)}ms`;
  if (Math.abs(ms) < 10_000) return `${(ms / 1000).toFixed(2)}s`;
  return `${(ms / 1000).toFixed(1)}s`;
}

function statsCell(stats: LatencyStats | undefined): string {
  return stats ? `${formatMs(stats.p50)} / ${formatMs(stats.p90)} / ${formatMs(stats.p99)}` : "-";
}

export interface SummaryInput {
  consumers: readonly Consumer[];
  latency: Record<string, ConsumerLatency>;
  /** Upload start -> the last consumer's result, per fully processed object. */
  endToEnd?: LatencyStats;
  /** Consumers filter by key: not every object goes to every consumer. */
  filtered?: boolean;
  processed?: Throughput;
  uploads?: Throughput;
  problems: readonly Problem[];
}

/** The latency table: one row per hop, one column (p50 / p90 / p99) per consumer. */
export function latencyTable(input: SummaryInput): string[] {
  const header = ["hop", ...input.consumers.map((consumer) => `${consumer} p50 / p90 / p99`)];
  const rows = HOPS.map((hop) => [hop.label, ...input.consumers.map((consumer) => statsCell(input.latency[consumer]?.hops[hop.id]))]);
  rows.push(["end-to-end (upload -> result)", ...input.consumers.map((consumer) => statsCell(input.latency[consumer]?.endToEnd))]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const format = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("   ");
  return [format(header), ...rows.map(format)];
}

const PROBLEMS_SHOWN = 20;

/** "both consumers", "all 3 consumers", "every consumer whose filter matches them" */
export function consumersText(count: number, filtered: boolean): string {
  if (filtered) return "every consumer whose filter matches them";
  if (count === 1) return "the consumer";
  return count === 2 ? "both consumers" : `all ${count} consumers`;
}

export function summaryLines(input: SummaryInput): string[] {
  const lines = latencyTable(input);
  if (input.endToEnd) {
    lines.push(
      `end-to-end, ${input.filtered ? "every matching consumer" : consumersText(input.consumers.length, false)} done: p50 ${formatMs(input.endToEnd.p50)}, p90 ${formatMs(input.endToEnd.p90)}, p99 ${formatMs(input.endToEnd.p99)}, max ${formatMs(input.endToEnd.max)}`,
    );
  }
  if (input.uploads) lines.push(`uploads: ${input.uploads.objects} in ${input.uploads.seconds.toFixed(2)}s (${input.uploads.perSecond.toFixed(1)} objects/s)`);
  if (input.processed) {
    lines.push(
      `throughput: ${counted(input.processed.objects, "object")} through ${consumersText(input.consumers.length, input.filtered ?? false)} in ${input.processed.seconds.toFixed(2)}s (${input.processed.perSecond.toFixed(1)} objects/s)`,
    );
  }
  for (const problem of input.problems.slice(0, PROBLEMS_SHOWN)) lines.push(`problem: ${problem.message}`);
  if (input.problems.length > PROBLEMS_SHOWN) lines.push(`... and ${input.problems.length - PROBLEMS_SHOWN} more problems (${problemCountsText(input.problems)})`);
  return lines;
}

export function problemCounts(problems: readonly Problem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const problem of problems) counts[problem.kind] = (counts[problem.kind] ?? 0) + 1;
  return counts;
}

export function problemCountsText(problems: readonly Problem[]): string {
  return Object.entries(problemCounts(problems))
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ");
}
