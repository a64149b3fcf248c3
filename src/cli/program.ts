/**
 * The commander program. Each command lives in src/cli/commands/<name>.ts and
 * exports `register(program: Command): void`; add one import and one call
 * below per command. Command files load core modules with `await import()`
 * inside their action, so `eda --help` never loads the AWS SDK.
 *
 * An action returns runCommand's promise (the exit code); EdaCommand records
 * it so runProgram can hand it to bin/eda.ts.
 */
import { Command, CommanderError } from "commander";
import { packageManifest } from "../core/packaging/package-root.js";
import { register as registerDemo } from "./commands/demo.js";
import { register as registerDiff } from "./commands/diff.js";
import { register as registerDlq } from "./commands/dlq.js";
import { register as registerInit } from "./commands/init.js";
import { register as registerLocal } from "./commands/local.js";
import { register as registerLogs } from "./commands/logs.js";
import { register as registerOutputs } from "./commands/outputs.js";
import { register as registerSend } from "./commands/send.js";
import { register as registerSetup } from "./commands/setup.js";
import { register as registerStatus } from "./commands/status.js";
import { register as registerTail } from "./commands/tail.js";
import { register as registerTeardown } from "./commands/teardown.js";
import { register as registerTest } from "./commands/test.js";
import { register as registerUpload } from "./commands/upload.js";
import { register as registerWatch } from "./commands/watch.js";
import { addGlobalOptions } from "./global-options.js";
import { attachHelpExamples } from "./help-examples.js";

declare module "commander" {
  interface Command {
    /** An eda action may return its exit code (what runCommand resolves to). */
    action(fn: (this: this, ...args: any[]) => void | Promise<void | number>): this;
  }
}

type ActionHandler = (this: Command, ...args: any[]) => void | Promise<void | number>;

class EdaCommand extends Command {
  /** The exit code the last action returned; kept on the root program. */
  actionExitCode = 0;

  override createCommand(name?: string): EdaCommand {
    return new EdaCommand(name);
  }

  /**
   * A word after a command whose default subcommand takes no arguments
   * (`eda dlq lst` runs `dlq list` with "lst") is a mistyped subcommand:
   * report it as one, with commander's "did you mean", not as an excess argument.
   */
  _excessArguments(receivedArgs: string[]): void {
    const parent = this.parent as (Command & { _defaultCommandName?: string; unknownCommand(): void }) | null;
    if (parent?._defaultCommandName === this.name() && this.registeredArguments.length === 0) {
      parent.args = receivedArgs;
      return parent.unknownCommand();
    }
    (Command.prototype as unknown as { _excessArguments(args: string[]): void })._excessArguments.call(this, receivedArgs);
  }

  override action(handler: ActionHandler): this {
    return super.action(async function (this: EdaCommand, ...args: unknown[]) {
      const returned: unknown = await handler.apply(this, args);
      let root: Command = this;
      while (root.parent) root = root.parent;
      (root as EdaCommand).actionExitCode = typeof returned === "number" ? returned : 0;
    });
  }
}

export function createProgram(): Command {
  const program = new EdaCommand("eda")
    .description("Provision, prove and tear down an S3 -> SNS -> SQS -> Lambda fan-out pipeline on AWS or on eda's embedded emulator")
    .version(packageVersion(), "-V, --version")
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError()
    // Every error is one line: commander puts its "(Did you mean ...?)" on a line of its own.
    .configureOutput({ outputError: (message, write) => write(`${message.trimEnd().replace(/\s*\n\s*/g, " ")}\n`) })
    // Usage errors throw a CommanderError instead of exiting: runProgram maps them to exit code 2.
    .exitOverride();
  addGlobalOptions(program);

  registerInit(program);
  registerSetup(program);
  registerStatus(program);
  registerDiff(program);
  registerOutputs(program);
  registerTeardown(program);
  registerTest(program);
  registerUpload(program);
  registerSend(program);
  registerTail(program);
  registerLogs(program);
  registerDlq(program);
  registerWatch(program);
  registerDemo(program);
  registerLocal(program);
  attachHelpExamples(program);
  return program;
}

/** Parses argv, runs the command and resolves to its exit code (2 for usage errors commander detects). */
export async function runProgram(argv: string[]): Promise<number> {
  const program = createProgram() as EdaCommand;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return 0;
    // Scripts read --json output: a parser error ends stdout with a result line too.
    if (argv.includes("--json")) process.stdout.write(`${JSON.stringify(parserErrorResult(program, argv.slice(2), error))}\n`);
    return 2;
  }
  return program.actionExitCode;
}

/** The result line of a command line commander refused (the command as far as it was recognised). */
function parserErrorResult(program: Command, args: string[], error: CommanderError): object {
  const path: string[] = [];
  let command = program;
  for (const word of args) {
    const sub = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (!sub) {
      if (!word.startsWith("-")) break;
      continue;
    }
    path.push(sub.name());
    command = sub;
  }
  const message = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").trim();
  return { type: "result", command: path.join(" "), ok: false, summary: message, error: { name: error.code, message, exitCode: 2 } };
}

function packageVersion(): string {
  return packageManifest().version ?? "unknown";
}
