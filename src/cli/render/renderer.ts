/**
 * How a command's output reaches the user. Core code emits events; the
 * renderer for the current mode turns them into spinners (terminal), plain
 * lines (pipe) or JSON lines (--json). Only src/cli imports chalk and ora.
 */
import type { EventSink } from "../../core/events.js";

/** What a command returns: `summary` is the last line users read; `data` goes into the JSON result. */
export interface CommandResult {
  ok: boolean;
  summary: string;
  data?: object;
  /** An exit code other than ok's 0 / not ok's 1 (`eda diff` exits 1 when something would change). */
  exitCode?: number;
  /** stdout carries data a shell evaluates (`eda outputs --format env`): the summary goes to stderr. */
  summaryOnStderr?: boolean;
}

/** A failure that ends the command, as runCommand hands it to the renderer. */
export interface CommandFailure {
  /** One line, without the "error: " prefix. */
  message: string;
  /** The error class name (UsageError, OperationError, an AWS error code, ...). */
  name: string;
  exitCode: number;
  /** Stack trace, only with --verbose. */
  detail?: string;
}

export interface OutputStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Renderer extends EventSink {
  /** A line of command output (tables, endpoints): stdout, or an `output` JSON line. */
  print(line: string): void;
  result(command: string, result: CommandResult): void;
  failure(command: string, failure: CommandFailure): void;
  /** Takes live output (spinners) off the terminal before something else writes to it, such as a prompt. */
  pause(): void;
  close(): void;
}
