/** `eda logs`: both functions' CloudWatch Logs interleaved by time, marked by function; --follow keeps watching. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";
import { consumerColours } from "./tail.js";

interface LogsOptions {
  follow?: boolean;
  since?: string;
  filter?: string;
  queue?: string;
  duration?: string;
}

export function register(program: Command): void {
  program
    .command("logs")
    .description("show both functions' CloudWatch Logs interleaved by time, marked by function")
    .option("-f, --follow", "keep showing new log events until Ctrl-C")
    .option("--since <duration>", "how far back to start, e.g. 30s, 10m, 2h", "10m")
    .option("--filter <pattern>", "CloudWatch Logs filter pattern, e.g. ERROR or PoisonMarkerError")
    .option("--queue <consumer>", "which function: inventory, audit or both", "both")
    .option("--duration <duration>", "with --follow: stop after this long")
    .action((options: LogsOptions, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { parseConsumerChoice, parseDuration } = await import("../../core/prove/options.js");
        const { LOGS_DEFAULT_SINCE_MS, showLogs } = await import("../../core/prove/logs.js");
        const consumers = parseConsumerChoice(options.queue);
        const sinceMs = options.since === undefined ? LOGS_DEFAULT_SINCE_MS : parseDuration(options.since, "--since");
        const durationMs = options.duration === undefined ? undefined : parseDuration(options.duration, "--duration");
        const filter = options.filter?.trim() ? options.filter.trim() : undefined;
        const events = await consumerColours(ctx.events, globals, io);
        return showLogs(
          { ...ctx, events },
          { consumers, sinceMs, follow: options.follow === true, ...(filter ? { filter } : {}), ...(durationMs === undefined ? {} : { durationMs }) },
        );
      });
    });
}
