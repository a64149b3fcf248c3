/** `eda tail`: follow new results as the consumers write them, one line each, until Ctrl-C, --count or --duration. */
import type { Command } from "commander";
import type { EventSink } from "../../core/events.js";
import { globalOptionsOf, type GlobalOptions } from "../global-options.js";
import { runCommand, type CommandIo } from "../run-command.js";

interface TailOptions {
  queue?: string;
  count?: string;
  duration?: string;
}

export function register(program: Command): void {
  program
    .command("tail")
    .description("follow new results as both consumers write them, one line each (one JSON object per result with --json), until Ctrl-C")
    .option("--queue <consumer>", "inventory, audit or both", "both")
    .option("--count <n>", "stop after n results")
    .option("--duration <duration>", "stop after this long, e.g. 30s or 5m")
    .action((options: TailOptions, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { parseConsumerChoice, parseDuration, parsePositiveInteger } = await import("../../core/prove/options.js");
        const { tail } = await import("../../core/prove/tail.js");
        const consumers = parseConsumerChoice(options.queue);
        const count = options.count === undefined ? undefined : parsePositiveInteger(options.count, "--count");
        const durationMs = options.duration === undefined ? undefined : parseDuration(options.duration, "--duration");
        const events = await consumerColours(ctx.events, globals, io);
        return tail({ ...ctx, events }, { consumers, ...(count === undefined ? {} : { count }), ...(durationMs === undefined ? {} : { durationMs }) });
      });
    });
}

/**
 * On a colour terminal, the consumer's name in result and log lines gets
 * its own colour, so interleaved lines are easy to tell apart.
 */
export async function consumerColours(events: EventSink, globals: GlobalOptions, io: CommandIo): Promise<EventSink> {
  const enabled = io.isTty && globals.color !== false && (process.env.NO_COLOR ?? "") === "";
  if (!enabled) return events;
  const { Chalk, supportsColor } = await import("chalk");
  const paint = new Chalk({ level: supportsColor ? supportsColor.level : 1 });
  const colours: Record<string, (text: string) => string> = { inventory: paint.cyan, audit: paint.magenta };
  return {
    emit(event) {
      const consumer = event.type === "data" ? event.data.consumer : undefined;
      const colour = typeof consumer === "string" ? colours[consumer] : undefined;
      if (event.type !== "data" || !colour || typeof consumer !== "string") return events.emit(event);
      events.emit({ ...event, message: event.message.replace(consumer, colour(consumer)) });
    },
  };
}
