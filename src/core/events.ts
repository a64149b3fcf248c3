/**
 * Progress is an event stream: core code emits typed events to an injected
 * sink; only src/cli renders them (spinners on a TTY, plain lines in a pipe,
 * one JSON object per line with --json).
 */
export type StepAction = "create" | "update" | "delete" | "check" | "wait";

export type StepOutcome = "created" | "updated" | "deleted" | "unchanged" | "absent" | "failed" | "skipped";

export type EdaEvent =
  /** A plan step (one resource) starts. */
  | { type: "step-start"; id: string; kind: string; action: StepAction; message: string }
  /** Something visible happens inside a step: a bounded wait, a retry after an AWS eventual-consistency error. */
  | { type: "step-progress"; id: string; message: string; attempt?: number }
  /** A step ends. `changes` lists what was changed (drift repaired) in words. */
  | { type: "step-end"; id: string; kind: string; outcome: StepOutcome; message: string; durationMs: number; changes?: string[] }
  | { type: "info"; message: string }
  | { type: "warning"; message: string }
  /** Command-specific live data (hop counts, result lines, log lines): renderers show `message`. */
  | { type: "data"; topic: string; message: string; data: Record<string, unknown> };

/**
 * The data of `eda test`'s {"type":"data","topic":"progress"} events: how far
 * the run's objects got, per consumer, as the test runs.
 */
export interface TestProgressData {
  runId: string;
  elapsedMs: number;
  planned: number;
  uploaded: number;
  uploadFailed: number;
  /** Objects marked to end up in the DLQs (--poison). */
  poison: number;
  /** Per consumer: results (or traced successes) so far, and this run's objects seen in its DLQ. */
  consumers: Record<string, { results: number; deadLettered: number }>;
  /** Per consumer: its queue's depth at the last sample (absent before the first). */
  queues: Record<string, { visible: number; inFlight: number }>;
  /** Per consumer: the median milliseconds of each hop over its latest results, by hop id (upload-to-s3-event, ...). */
  hopP50: Record<string, Record<string, number>>;
}

export interface EventSink {
  emit(event: EdaEvent): void;
}

/** A sink that drops everything (for library callers that do not care). */
export const silentSink: EventSink = { emit: () => {} };

/** A sink that remembers events, for tests and summaries. */
export class RecordingSink implements EventSink {
  readonly events: EdaEvent[] = [];
  emit(event: EdaEvent): void {
    this.events.push(event);
  }
}
