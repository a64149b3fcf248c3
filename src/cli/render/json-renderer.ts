/**
 * --json: stdout carries only JSON objects, one per line: every event as
 * emitted, command output as {"type":"output"}, and last the result
 * {"type":"result","command":...,"ok":...,"summary":...,...data}. Errors also
 * go to stderr as one line, so a script that ignores stdout still sees them.
 */
import type { EdaEvent } from "../../core/events.js";
import type { CommandFailure, CommandResult, OutputStreams, Renderer } from "./renderer.js";

export class JsonRenderer implements Renderer {
  constructor(private readonly streams: OutputStreams) {}

  emit(event: EdaEvent): void {
    this.line(event);
  }

  print(line: string): void {
    this.line({ type: "output", message: line });
  }

  result(command: string, result: CommandResult): void {
    this.line(resultLine(command, result.ok, result.summary, result.data));
  }

  failure(command: string, failure: CommandFailure): void {
    this.streams.stderr.write(`error: ${failure.message}\n`);
    if (failure.detail) this.streams.stderr.write(`${failure.detail}\n`);
    this.line(
      resultLine(command, false, failure.message, {
        error: { name: failure.name, message: failure.message, exitCode: failure.exitCode },
      }),
    );
  }

  pause(): void {}

  close(): void {}

  private line(value: object): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }
}

/** The result's own fields come first and cannot be overwritten by a command's data. */
function resultLine(command: string, ok: boolean, summary: string, data: object | undefined): object {
  const fixed = { type: "result", command, ok, summary };
  return Object.assign({ ...fixed }, data, fixed);
}
