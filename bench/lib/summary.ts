/**
 * The closing screen of `npm run bench`: every figure the benchmarks
 * measured that has a goal (or is shown beside one), its goal and whether
 * it was met. Benchmarks record figures as they measure; run.ts prints the
 * screen once they all ran.
 */
import { cpus, loadavg } from "node:os";
import { formatTable } from "./stats.js";

export interface Goal {
  /** "at-least": the figure must reach the target; "at-most": stay below or at it. */
  kind: "at-least" | "at-most";
  target: number;
}

export interface Figure {
  /** The benchmark that measured it ("pipeline", "emulator", ...). */
  bench: string;
  name: string;
  value: number;
  unit: string;
  goal?: Goal;
}

const figures: Figure[] = [];

export const atLeast = (target: number): Goal => ({ kind: "at-least", target });
export const atMost = (target: number): Goal => ({ kind: "at-most", target });

export function recordFigure(figure: Figure): void {
  figures.push(figure);
}

export function recordedFigures(): readonly Figure[] {
  return figures;
}

/** Met, not met, or nothing to judge (no goal, or the figure could not be measured). */
export function verdict(figure: Figure): "met" | "NOT MET" | "-" {
  if (!figure.goal || !Number.isFinite(figure.value)) return "-";
  const { kind, target } = figure.goal;
  return (kind === "at-least" ? figure.value >= target : figure.value <= target) ? "met" : "NOT MET";
}

function goalText(figure: Figure): string {
  if (!figure.goal) return "-";
  return `${figure.goal.kind === "at-least" ? ">=" : "<="} ${formatValue(figure.goal.target)} ${figure.unit}`.trimEnd();
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (Number.isInteger(value) || Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The figures as one table, each beside its goal, and how many goals were met. */
export function summaryScreen(durations: readonly { bench: string; seconds: number }[]): string {
  const rows = figures.map((figure) => [
    `${figure.bench}: ${figure.name}`,
    `${formatValue(figure.value)} ${figure.unit}`.trimEnd(),
    goalText(figure),
    verdict(figure),
  ]);
  const judged = figures.filter((figure) => verdict(figure) !== "-");
  const met = judged.filter((figure) => verdict(figure) === "met").length;
  const machine = `${cpus().length} CPUs, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")} at the end, node ${process.versions.node}`;
  return [
    "",
    "=".repeat(72),
    `Summary (${machine})`,
    "=".repeat(72),
    "",
    formatTable(["figure", "measured", "goal", "goal met"], rows),
    "",
    `${met} of ${judged.length} goals met.`,
    `Time per benchmark: ${durations.map((entry) => `${entry.bench} ${entry.seconds.toFixed(0)} s`).join(", ")}.`,
  ].join("\n");
}
