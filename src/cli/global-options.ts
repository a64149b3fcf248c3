/**
 * Options every eda command accepts. They are declared once on the root
 * program; commander recognises them before or after the subcommand
 * (`eda --json setup` and `eda setup --json`), and `globalOptionsOf(command)`
 * collects them for runCommand.
 */
import type { Command } from "commander";

export const DEFAULT_STACK_NAME = "eda-demo";

/** What commander parsed, plus the name of the command being run. */
export interface GlobalOptions {
  /** Full command name, e.g. "setup" or "local start": the `command` field of the JSON result. */
  command: string;
  stack: string;
  /** True when --stack was given on the command line (it then wins over the project file's stack). */
  stackFromFlag?: boolean;
  /** --config: the project file to use instead of the nearest eda.json. */
  config?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  json?: boolean;
  verbose?: boolean;
  /** False with --no-color. */
  color: boolean;
  yes?: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option("--stack <name>", "stack name, the prefix of every resource name (default: eda.json's stack, else eda-demo)", DEFAULT_STACK_NAME)
    .option("--config <path>", "the project file (default: eda.json in the current directory or the nearest one above)")
    .option("--region <region>", "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region; us-east-1 with --local)")
    .option("--profile <name>", "named profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE)")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (default: AWS_ENDPOINT_URL)")
    .option("--local", "use eda's embedded emulator, starting it in the background if none is running")
    .option("--json", "print only JSON lines on stdout: one per event, then the result")
    .option("--verbose", "print more detail, and stack traces with errors")
    .option("--no-color", "disable colours (also NO_COLOR=1)")
    .option("-y, --yes", "answer yes to confirmation prompts (required without a terminal)");
}

export function globalOptionsOf(command: Command): GlobalOptions {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  const stackFromFlag = command.getOptionValueSourceWithGlobals("stack") === "cli";
  return { ...command.optsWithGlobals<Omit<GlobalOptions, "command" | "stackFromFlag">>(), command: names.join(" "), stackFromFlag };
}

/** How output is rendered, from the options and the terminal. */
export interface OutputSettings {
  json: boolean;
  verbose: boolean;
  /** Spinners and live updates: stdout and stderr are both terminals of known width and --json is off. */
  interactive: boolean;
  color: boolean;
  yes: boolean;
}

export interface Terminal {
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  /** Width of the terminal on stderr, where the spinner draws; 0 when unknown. */
  stderrColumns: number;
  env: NodeJS.ProcessEnv;
}

export function outputSettings(options: Pick<GlobalOptions, "json" | "verbose" | "color" | "yes">, terminal: Terminal): OutputSettings {
  const json = options.json === true;
  // A pseudo-terminal without a size (columns 0) cannot host a spinner: redrawing needs the width.
  const interactive = !json && terminal.stdoutIsTty && terminal.stderrIsTty && terminal.stderrColumns > 0;
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const noColorEnv = (terminal.env.NO_COLOR ?? "") !== "";
  return {
    json,
    verbose: options.verbose === true,
    interactive,
    color: interactive && options.color !== false && !noColorEnv,
    yes: options.yes === true,
  };
}
