/**
 * Output for a terminal: one spinner (on stderr) listing the steps that are
 * running, each with its latest progress, and a ✔/✖ line with its duration
 * on stdout as each step ends. Steps run in parallel, so the spinner shows
 * all of them rather than one spinner per step fighting over the cursor.
 */
import { Chalk, supportsColor, type ChalkInstance } from "chalk";
import ora, { type Ora } from "ora";
import type { EdaEvent } from "../../core/events.js";
import { formatDuration, MARK_SYMBOL, markFor, progressText, stepEndText, type Mark } from "./format.js";
import type { CommandFailure, CommandResult, OutputStreams, Renderer } from "./renderer.js";

interface RunningStep {
  message: string;
  progress?: string;
}

export class TtyRenderer implements Renderer {
  private readonly running = new Map<string, RunningStep>();
  private readonly spinner: Ora;
  private readonly paint: ChalkInstance;

  constructor(
    private readonly streams: OutputStreams,
    options: { color: boolean },
  ) {
    // Colour was already decided (flag, NO_COLOR, terminal); take the depth the terminal supports, at least 16 colours.
    this.paint = new Chalk({ level: options.color ? (supportsColor && supportsColor.level) || 1 : 0 });
    // discardStdin would put stdin in raw mode, which breaks confirmation prompts and Ctrl-C.
    this.spinner = ora({ stream: streams.stderr, discardStdin: false, color: options.color ? "cyan" : false });
  }

  emit(event: EdaEvent): void {
    switch (event.type) {
      case "step-start":
        this.running.set(event.id, { message: event.message });
        return this.refreshSpinner();
      case "step-progress": {
        const step = this.running.get(event.id);
        if (step) step.progress = progressText(event);
        else this.above(() => this.out(this.paint.dim(`  ${progressText(event)}`)));
        return this.refreshSpinner();
      }
      case "step-end":
        this.running.delete(event.id);
        this.above(() => {
          const mark = markFor(event.outcome);
          this.out(`${this.symbol(mark)} ${stepEndText(event)} ${this.paint.dim(`(${formatDuration(event.durationMs)})`)}`);
          for (const change of event.changes ?? []) this.out(this.paint.dim(`    ${change}`));
        });
        return this.refreshSpinner();
      case "info":
      case "data":
        return this.above(() => this.out(event.message));
      case "warning":
        return this.above(() => this.err(`${this.paint.yellow("warning:")} ${event.message}`));
    }
  }

  print(line: string): void {
    this.above(() => this.out(line));
  }

  result(_command: string, result: CommandResult): void {
    this.stopSpinner();
    if (result.ok) (result.summaryOnStderr ? this.err : this.out).call(this, `${this.symbol("done")} ${this.paint.bold(result.summary)}`);
    else this.err(`${this.paint.red("error:")} ${result.summary}`);
  }

  failure(_command: string, failure: CommandFailure): void {
    this.stopSpinner();
    this.err(`${this.paint.red("error:")} ${failure.message}`);
    if (failure.detail) this.err(this.paint.dim(failure.detail));
  }

  pause(): void {
    this.stopSpinner();
  }

  close(): void {
    this.stopSpinner();
  }

  private symbol(mark: Mark): string {
    const colour = mark === "done" ? this.paint.green : mark === "failed" ? this.paint.red : this.paint.yellow;
    return colour(MARK_SYMBOL[mark]);
  }

  /** Writes permanent lines above the spinner. */
  private above(write: () => void): void {
    if (this.spinner.isSpinning) this.spinner.clear();
    write();
    if (this.spinner.isSpinning) this.spinner.render();
  }

  private refreshSpinner(): void {
    if (this.running.size === 0) return this.stopSpinner();
    const lines = [...this.running.values()].map((step) =>
      step.progress ? `${step.message} ${this.paint.dim(`- ${step.progress}`)}` : step.message,
    );
    this.spinner.text = lines.join("\n  ");
    if (!this.spinner.isSpinning) this.spinner.start();
  }

  private stopSpinner(): void {
    if (this.spinner.isSpinning) this.spinner.stop();
  }

  private out(line: string): void {
    this.streams.stdout.write(`${line}\n`);
  }

  private err(line: string): void {
    this.streams.stderr.write(`${line}\n`);
  }
}
