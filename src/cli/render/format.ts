/** Wording shared by the terminal and plain renderers. */
import type { EdaEvent, StepOutcome } from "../../core/events.js";

export type Mark = "done" | "failed" | "skipped";

export function markFor(outcome: StepOutcome): Mark {
  if (outcome === "failed") return "failed";
  if (outcome === "skipped") return "skipped";
  return "done";
}

export const MARK_SYMBOL: Record<Mark, string> = { done: "✔", failed: "✖", skipped: "○" };

/** 850 -> "850ms", 1234 -> "1.2s", 75000 -> "1m15s" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

export function progressText(event: Extract<EdaEvent, { type: "step-progress" }>): string {
  return event.attempt === undefined ? event.message : `${event.message} (attempt ${event.attempt})`;
}

/** The line for a step that ended: the mark (✔/✖/○) carries the outcome, and a skipped step says so. */
export function stepEndText(event: Extract<EdaEvent, { type: "step-end" }>): string {
  return event.outcome === "skipped" ? `${event.message} (skipped)` : event.message;
}
