/**
 * Output for a terminal: one spinner (on stderr) listing the steps that are
 * running, each with its latest progress, and a ✔/✖ line with its duration
 * on stdout as each step ends. Steps run in parallel, so the spinner shows
 * all of them rather than one spinner per step fighting over the cursor.
 *
 * `eda test`'s progress is drawn as a picture of the pipeline under the
 * spinner, redrawn in place (ora writes each frame as one synchronized
 * update, a few frames a second while the picture shows); once the command
 * prints anything else, or ends, the last picture stays on stdout, once.
 */
import { Chalk, supportsColor, type ChalkInstance } from "chalk";
import ora, { type Ora } from "ora";
import type { EdaEvent, TestProgressData } from "../../core/events.js";
import { formatDuration, MARK_SYMBOL, markFor, progressText, stepEndText, type Mark } from "./format.js";
import { ASCII_GLYPHS } from "./glyphs.js";
import { isTestProgress } from "./pipeline-model.js";
import { chalkPaint, testPicture, type PictureOptions } from "./pipeline-view.js";
import type { CommandFailure, CommandResult, OutputStreams, Renderer } from "./renderer.js";

/** While the picture shows, the spinner redraws at most this often (the default spinner redraws every 80 ms). */
const PICTURE_REDRAW_MS = 250;
/** cli-spinners' "line", ora's own fallback. */
const ASCII_SPINNER = { interval: 130, frames: ["-", "\\", "|", "/"] };
const ASCII_MARK_SYMBOL: Record<Mark, string> = { done: ASCII_GLYPHS.ok, failed: ASCII_GLYPHS.missing, skipped: "o" };

interface RunningStep {
  message: string;
  progress?: string;
}

export class TtyRenderer implements Renderer {
  private readonly running = new Map<string, RunningStep>();
  private readonly spinner: Ora;
  private readonly paint: ChalkInstance;
  private readonly unicode: boolean;
  private readonly stepFrames: Ora["spinner"];
  /** The latest test progress while its picture is live. */
  private progress: TestProgressData | undefined;

  constructor(
    private readonly streams: OutputStreams,
    options: { color: boolean; unicode?: boolean },
  ) {
    // Colour was already decided (flag, NO_COLOR, terminal); take the depth the terminal supports, at least 16 colours.
    this.paint = new Chalk({ level: options.color ? (supportsColor && supportsColor.level) || 1 : 0 });
    this.unicode = options.unicode ?? true;
    // discardStdin would put stdin in raw mode, which breaks confirmation prompts and Ctrl-C.
    this.spinner = ora({ stream: streams.stderr, discardStdin: false, color: options.color ? "cyan" : false });
    // ora picks its frames by TERM alone; a locale without UTF-8 needs ASCII ones too.
    if (!this.unicode) this.spinner.spinner = ASCII_SPINNER;
    this.stepFrames = this.spinner.spinner;
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
      case "data":
        if (event.topic === "progress" && isTestProgress(event.data) && this.showProgress(event.data)) return;
        return this.above(() => this.out(event.message));
      case "info":
        return this.above(() => this.out(event.message));
      case "warning":
        return this.above(() => this.err(`${this.paint.yellow("warning:")} ${event.message}`));
    }
  }

  print(line: string): void {
    this.settlePicture();
    this.above(() => this.out(line));
  }

  result(_command: string, result: CommandResult): void {
    this.settlePicture();
    this.stopSpinner();
    if (result.ok) (result.summaryOnStderr ? this.err : this.out).call(this, `${this.symbol("done")} ${this.paint.bold(result.summary)}`);
    else this.err(`${this.paint.red("error:")} ${result.summary}`);
  }

  failure(_command: string, failure: CommandFailure): void {
    this.settlePicture();
    this.stopSpinner();
    this.err(`${this.paint.red("error:")} ${failure.message}`);
    if (failure.detail) this.err(this.paint.dim(failure.detail));
  }

  pause(): void {
    this.settlePicture();
    this.stopSpinner();
  }

  close(): void {
    this.settlePicture();
    this.stopSpinner();
  }

  /** Shows the progress as the picture under the spinner; false when the terminal is too narrow for it (the caller prints the line instead). */
  private showProgress(progress: TestProgressData): boolean {
    if (!testPicture(progress, this.pictureOptions(this.streams.stderr))) return false;
    if (!this.progress) {
      // A slower spinner while the picture shows: every frame redraws all of it.
      this.stopSpinner();
      this.spinner.spinner = { interval: PICTURE_REDRAW_MS, frames: this.stepFrames.frames };
    }
    this.progress = progress;
    this.refreshSpinner();
    return true;
  }

  /** The live picture leaves the spinner and stays on stdout, as it was last. */
  private settlePicture(): void {
    const progress = this.progress;
    if (!progress) return;
    this.progress = undefined;
    this.stopSpinner();
    this.spinner.spinner = this.stepFrames;
    const picture = testPicture(progress, this.pictureOptions(this.streams.stdout)) ?? [];
    for (const line of ["", ...picture, ""]) this.out(line);
    this.refreshSpinner();
  }

  private pictureOptions(stream: NodeJS.WritableStream): PictureOptions {
    return {
      width: (stream as { columns?: number }).columns ?? 0,
      unicode: this.unicode,
      ...(this.paint.level > 0 ? { paint: chalkPaint(this.paint) } : {}),
    };
  }

  private symbol(mark: Mark): string {
    const colour = mark === "done" ? this.paint.green : mark === "failed" ? this.paint.red : this.paint.yellow;
    return colour(this.unicode ? MARK_SYMBOL[mark] : ASCII_MARK_SYMBOL[mark]);
  }

  /** Writes permanent lines above the spinner. */
  private above(write: () => void): void {
    if (this.spinner.isSpinning) this.spinner.clear();
    write();
    if (this.spinner.isSpinning) this.spinner.render();
  }

  private refreshSpinner(): void {
    const picture = this.progress ? testPicture(this.progress, this.pictureOptions(this.streams.stderr)) : undefined;
    if (this.running.size === 0 && !picture) return this.stopSpinner();
    const lines = [...this.running.values()].map((step) =>
      step.progress ? `${step.message} ${this.paint.dim(`- ${step.progress}`)}` : step.message,
    );
    if (picture && this.progress) {
      lines.push(`testing run ${this.progress.runId} ${this.paint.dim(`(${formatDuration(this.progress.elapsedMs)})`)}`);
    }
    // The picture starts at the left edge, under the spinner's line(s).
    this.spinner.text = [lines.join("\n  "), ...(picture ?? [])].join("\n");
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
