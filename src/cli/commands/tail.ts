/** `eda tail`: follow what the consumers process, one line each, until Ctrl-C, --count or --duration. */
import type { Command } from "commander";
import type { EventSink } from "../../core/events.js";
import { globalOptionsOf, type GlobalOptions } from "../global-options.js";
import type { CommandIo } from "../command-session.js";
import { runCommand } from "../run-command.js";

interface TailOptions {
  consumer?: string;
  queue?: string;
  count?: string;
  duration?: string;
}

export function register(program: Command): void {
  const tailCommand = program
    .command("tail")
    .description(
      "follow what the consumers process, one line each (one JSON object per line with --json), until Ctrl-C: eda's built-in consumers' results, a project consumer's traced records",
    );
  withConsumerOptions(tailCommand, "whose work to follow")
    .option("--count <n>", "stop after n results")
    .option("--duration <duration>", "stop after this long, e.g. 30s or 5m")
    .action((options: TailOptions, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { selectConsumers, parseDuration, parsePositiveInteger } = await import("../../core/command-options.js");
        const { tail } = await import("../../core/observe/tail.js");
        const consumers = selectConsumers(options, ctx.consumers.map((consumer) => consumer.name));
        const count = options.count === undefined ? undefined : parsePositiveInteger(options.count, "--count");
        const durationMs = options.duration === undefined ? undefined : parseDuration(options.duration, "--duration");
        const events = await consumerColours(ctx.events, globals, io, ctx.consumers.map((consumer) => consumer.name));
        return tail({ ...ctx, events }, { consumers, ...(count === undefined ? {} : { count }), ...(durationMs === undefined ? {} : { durationMs }) });
      });
    });
}

/** `--consumer NAME` and its alias `--queue NAME` (default: every consumer of the project). */
export function withConsumerOptions(command: Command, what: string): Command {
  return command
    .option("--consumer <name>", `${what}: one consumer of the project by name, or all (default all)`)
    .option("--queue <name>", "another name for --consumer");
}

/**
 * On a colour terminal, the consumer's name in result and log lines gets
 * its own colour, so interleaved lines are easy to tell apart.
 */
export async function consumerColours(events: EventSink, globals: GlobalOptions, io: CommandIo, consumers: readonly string[] = ["inventory", "audit"]): Promise<EventSink> {
  const enabled = io.isTty && globals.color !== false && (process.env.NO_COLOR ?? "") === "";
  if (!enabled) return events;
  const { Chalk, supportsColor } = await import("chalk");
  const paint = new Chalk({ level: supportsColor ? supportsColor.level : 1 });
  const palette = [paint.cyan, paint.magenta, paint.yellow, paint.green, paint.blue, paint.red];
  const colours: Record<string, (text: string) => string> = Object.fromEntries(consumers.map((consumer, index) => [consumer, palette[index % palette.length]!]));
  return {
    emit(event) {
      const consumer = event.type === "data" ? event.data.consumer : undefined;
      const colour = typeof consumer === "string" ? colours[consumer] : undefined;
      if (event.type !== "data" || !colour || typeof consumer !== "string") return events.emit(event);
      events.emit({ ...event, message: event.message.replace(consumer, colour(consumer)) });
    },
  };
}
