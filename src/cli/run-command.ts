/**
 * The frame every command runs in. A command's action is thin:
 *
 *   .action((options, command) =>
 *     runCommand(globalOptionsOf(command), async (ctx, io) => {
 *       const { setup } = await import("../../core/provision/setup.js");   // keeps --help free of the AWS SDK
 *       ...
 *       return { ok: true, summary: "stack eda-demo is ready", data: { ... } };
 *     }))
 *
 * runCommand validates the global options, builds the CoreContext (clients,
 * event sink, Ctrl-C signal, clock), runs the body, renders its events and
 * result, turns errors into one line on stderr and returns the exit code:
 * 0 ok, 1 failed (result not ok, OperationError, AWS errors, anything
 * unexpected), 2 bad usage (UsageError), 130 interrupted. Return its promise
 * from the action: program.ts hands the code to bin/eda.ts.
 */
import { createInterface } from "node:readline/promises";
import type { CoreContext } from "../core/context.js";
import { EdaError, UsageError } from "../core/errors.js";
import type { EventSink } from "../core/events.js";
import { outputSettings, type GlobalOptions, type OutputSettings } from "./global-options.js";
import { supportsUnicode } from "./render/glyphs.js";
import type { CommandFailure, CommandResult, OutputStreams, Renderer } from "./render/renderer.js";

import type { CommandIo, CommandSession } from "./command-session.js";

export type { CommandResult } from "./render/renderer.js";

/** The process's streams and environment; tests pass their own. */
export interface CommandEnvironment extends OutputStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for a command stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export function processEnvironment(): CommandEnvironment {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Runs `body` with a CoreContext for the target the global options name. */
export function runCommand(
  options: GlobalOptions,
  body: (ctx: CoreContext, io: CommandIo) => Promise<CommandResult>,
  environment: CommandEnvironment = processEnvironment(),
): Promise<number> {
  return runCliCommand(
    options,
    async (session) => {
      const { createCoreContext, explainNetworkError } = await import("./context-factory.js");
      const { context, dispose } = await createCoreContext(session, environment.env);
      try {
        return await body(context, session.io);
      } catch (error) {
        throw explainNetworkError(error, context.target);
      } finally {
        dispose();
      }
    },
    environment,
  );
}

/** Runs `body` with rendering, prompts, Ctrl-C handling and exit-code mapping, but no AWS context. */
export async function runCliCommand(
  options: GlobalOptions,
  body: (session: CommandSession) => Promise<CommandResult>,
  environment: CommandEnvironment = processEnvironment(),
): Promise<number> {
  const output = outputSettings(options, {
    stdoutIsTty: isTty(environment.stdout),
    stderrIsTty: isTty(environment.stderr),
    stderrColumns: (environment.stderr as { columns?: number }).columns ?? 0,
    env: environment.env,
  });
  const { createRenderer } = await import("./render/create-renderer.js");
  const renderer = await createRenderer(output, environment);
  const interruption = watchForInterruption(renderer);
  const session: CommandSession = {
    options,
    output,
    io: createIo(output, renderer, environment, interruption.signal),
    events: renderer,
    signal: interruption.signal,
    env: environment.env,
  };
  try {
    const result = await body(session);
    renderer.result(options.command, result);
    return result.exitCode ?? (result.ok ? EXIT_OK : EXIT_FAILED);
  } catch (error) {
    const failure = describeFailure(error, interruption.signal, output.verbose);
    renderer.failure(options.command, failure);
    return failure.exitCode;
  } finally {
    interruption.dispose();
    renderer.close();
  }
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function createIo(output: OutputSettings, renderer: Renderer, environment: CommandEnvironment, signal: AbortSignal): CommandIo {
  return {
    isTty: output.interactive,
    ...(output.interactive
      ? { terminal: { columns: (environment.stdout as { columns?: number }).columns ?? 0, unicode: supportsUnicode(environment.env), color: output.color } }
      : {}),
    json: output.json,
    print: (line) => renderer.print(line),
    async confirm(question) {
      if (output.yes) return true;
      if (environment.stdin.isTTY !== true) {
        throw new UsageError(`cannot ask "${question}" without a terminal: pass --yes to confirm`);
      }
      renderer.pause();
      const prompt = createInterface({ input: environment.stdin, output: environment.stderr });
      try {
        const answer = await prompt.question(`${question} [y/N] `, { signal });
        return /^(y|yes)$/i.test(answer.trim());
      } finally {
        prompt.close();
      }
    },
  };
}

/**
 * The first Ctrl-C (or SIGTERM) aborts the signal, and the command stops at
 * its next safe point; a second one stops the process at once, by the
 * signal's own default action (as if eda had no handler). The handler stays
 * registered until the command ends: signal-exit (loaded on a terminal by
 * ora, through cli-cursor's restore-cursor) re-raises a signal when it finds
 * itself the only listener, so a handler that removed itself on the first
 * Ctrl-C let the process die right there (signal-exit 4, `onExit` loaders).
 */
function watchForInterruption(renderer: Renderer): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      dispose();
      renderer.close();
      process.kill(process.pid, name);
      return;
    }
    if (name === "SIGINT") renderer.emit({ type: "warning", message: "interrupted: stopping cleanly (press Ctrl-C again to stop at once)" });
    controller.abort(new InterruptedError(name));
  };
  const dispose = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { signal: controller.signal, dispose };
}

class InterruptedError extends Error {
  constructor(readonly signalName: NodeJS.Signals) {
    super(signalName === "SIGINT" ? "interrupted" : `stopped by ${signalName}`);
    this.name = "InterruptedError";
  }
}

/** One line for any error; the stack only with --verbose. */
export function describeFailure(error: unknown, signal: AbortSignal, verbose: boolean): CommandFailure {
  const detail = verbose && error instanceof Error && error.stack ? stackWithCauses(error) : undefined;
  if (signal.aborted && (error === signal.reason || (error as Error)?.name === "AbortError")) {
    const reason = signal.reason as InterruptedError;
    return { message: reason.message, name: reason.name, exitCode: EXIT_INTERRUPTED, detail };
  }
  if (error instanceof EdaError) return { message: oneLine(error.message), name: error.name, exitCode: error.exitCode, detail };
  if (isAwsServiceError(error)) {
    const status = error.$metadata.httpStatusCode;
    return {
      message: oneLine(`AWS refused the request: ${error.name}: ${error.message}${status ? ` (HTTP ${status})` : ""}`),
      name: error.name,
      exitCode: EXIT_FAILED,
      detail,
    };
  }
  const networkCode = (error as NodeJS.ErrnoException)?.code;
  if (error instanceof Error && networkCode && /^E[A-Z]+$/.test(networkCode)) {
    return { message: oneLine(`network error: ${error.message}`), name: networkCode, exitCode: EXIT_FAILED, detail };
  }
  const message = error instanceof Error ? error.message || error.name : String(error);
  return { message: oneLine(message), name: error instanceof Error ? error.name : "Error", exitCode: EXIT_FAILED, detail };
}

interface AwsServiceError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string };
}

/** Errors the SDK builds from an AWS answer carry $metadata and a fault side. */
function isAwsServiceError(error: unknown): error is AwsServiceError {
  return error instanceof Error && "$metadata" in error && "$fault" in error;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function stackWithCauses(error: Error): string {
  const parts = [error.stack ?? String(error)];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) parts.push(`caused by: ${cause.stack ?? cause.message}`);
  return parts.join("\n");
}
