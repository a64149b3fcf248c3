/** Small measurement helpers shared by the benchmarks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Timed {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `step` `count` times one after another and reports throughput and latency. */
export async function timeSequential(count: number, step: (i: number) => Promise<void>): Promise<Timed> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await step(i);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count, seconds, perSecond: count / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/**
 * Runs `step` `count` times for each target, in `rounds` alternating rounds
 * (each round visits every target, starting one further along the list), so
 * load that comes and goes on the machine falls on every target alike.
 * Each target's figures cover its own steps only.
 */
export async function timeInterleaved<T>(
  targets: readonly T[],
  count: number,
  rounds: number,
  step: (target: T, i: number) => Promise<void>,
): Promise<Timed[]> {
  const latencies = targets.map((): number[] => []);
  const elapsed = targets.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    const from = Math.floor((round * count) / rounds);
    const to = Math.floor(((round + 1) * count) / rounds);
    for (let offset = 0; offset < targets.length; offset++) {
      const index = (round + offset) % targets.length;
      const target = targets[index]!;
      const started = performance.now();
      for (let i = from; i < to; i++) {
        const t0 = performance.now();
        await step(target, i);
        latencies[index]!.push(performance.now() - t0);
      }
      elapsed[index]! += performance.now() - started;
    }
  }
  return targets.map((_, index) => {
    const sorted = latencies[index]!.sort((a, b) => a - b);
    const seconds = elapsed[index]! / 1000;
    return { count, seconds, perSecond: count / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
  });
}

export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  return cells
    .map((r, rowIndex) => {
      const line = r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ");
      return rowIndex === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
