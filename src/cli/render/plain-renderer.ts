/**
 * Output for pipes and log files: one plain line per event, no ANSI codes,
 * no cursor movement, so CI logs and `| tee` read well.
 */
import type { EdaEvent } from "../../core/events.js";
import { formatDuration, MARK_SYMBOL, markFor, progressText, stepEndText } from "./format.js";
import type { CommandFailure, CommandResult, OutputStreams, Renderer } from "./renderer.js";

export class PlainRenderer implements Renderer {
  constructor(private readonly streams: OutputStreams) {}

  emit(event: EdaEvent): void {
    switch (event.type) {
      case "step-start":
        return this.out(`${event.message} ...`);
      case "step-progress":
        return this.out(`  ${progressText(event)}`);
      case "step-end": {
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
