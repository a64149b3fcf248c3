/**
 * Output for pipes and log files: plain lines, no ANSI codes, no cursor
 * movement, so CI logs and `| tee` read well. One line per finished
 * resource step; a step's start, waits and retries only with --verbose, or
 * once the step has taken longer than a few seconds (then the user wants
 * to know what it waits for).
 */
import type { EdaEvent } from "../../core/events.js";
import { formatDuration, MARK_SYMBOL, markFor, progressText, stepEndText } from "./format.js";
import type { CommandFailure, CommandResult, OutputStreams, Renderer } from "./renderer.js";

/** A step running this long shows its waits and retries without --verbose. */
export const SLOW_STEP_MS = 3000;

export interface PlainRendererOptions {
  verbose?: boolean;
  /** Milliseconds, for telling slow steps; Date.now by default. */
  now?: () => number;
}

export class PlainRenderer implements Renderer {
  private readonly verbose: boolean;
  private readonly now: () => number;
  /** When each running step started, to tell slow ones. */
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly streams: OutputStreams,
    options: PlainRendererOptions = {},
  ) {
    this.verbose = options.verbose === true;
    this.now = options.now ?? Date.now;
  }

  emit(event: EdaEvent): void {
    switch (event.type) {
      case "step-start":
        this.startedAt.set(event.id, this.now());
        if (this.verbose) this.out(`${event.message} ...`);
        return;
      case "step-progress": {
        const startedAt = this.startedAt.get(event.id);
        if (this.verbose || startedAt === undefined || this.now() - startedAt >= SLOW_STEP_MS) this.out(`  ${progressText(event)}`);
        return;
      }
      case "step-end": {
        this.startedAt.delete(event.id);
        this.out(`${MARK_SYMBOL[markFor(event.outcome)]} ${stepEndText(event)} (${formatDuration(event.durationMs)})`);
        for (const change of event.changes ?? []) this.out(`    ${change}`);
        return;
      }
      case "info":
      case "data":
        return this.out(event.message);
      case "warning":
        return this.err(`warning: ${event.message}`);
    }
  }

  print(line: string): void {
    this.out(line);
  }

  result(_command: string, result: CommandResult): void {
    if (result.ok) (result.summaryOnStderr ? this.err : this.out).call(this, `${MARK_SYMBOL.done} ${result.summary}`);
    else this.err(`error: ${result.summary}`);
  }

  failure(_command: string, failure: CommandFailure): void {
    this.err(`error: ${failure.message}`);
    if (failure.detail) this.err(failure.detail);
  }

  pause(): void {}

  close(): void {}

  private out(line: string): void {
    this.streams.stdout.write(`${line}\n`);
  }

  private err(line: string): void {
    this.streams.stderr.write(`${line}\n`);
  }
}
