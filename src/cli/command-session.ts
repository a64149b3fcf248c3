/** What a command's body gets from the frame it runs in (run-command.ts), before any AWS context is built. */
import type { EventSink } from "../core/events.js";
import type { GlobalOptions, OutputSettings } from "./global-options.js";

export interface CommandIo {
  /** Asks on the terminal; true at once with --yes; without a terminal and --yes, a UsageError telling to pass --yes. */
  confirm(question: string): Promise<boolean>;
  /** A line of command output (stdout; an {"type":"output"} line with --json). */
  print(line: string): void;
  /** stdout and stderr are a terminal and --json is off. */
  isTty: boolean;
  /** With isTty: stdout's width, whether it shows Unicode and colour is on, for output drawn to fit (`eda status`'s picture). */
  terminal?: { columns: number; unicode: boolean; color: boolean };
  json: boolean;
}

/** Everything a command gets that does not need AWS (the `eda local` commands use this directly). */
export interface CommandSession {
  options: GlobalOptions;
  output: OutputSettings;
  io: CommandIo;
  events: EventSink;
  /** Aborted on the first Ctrl-C or SIGTERM; a second Ctrl-C ends the process at once. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}
