/** `eda logs`: the consumers' CloudWatch Logs interleaved by time, marked by consumer; --follow keeps watching. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";
import { consumerColours, withConsumerOptions } from "./tail.js";

interface LogsOptions {
  follow?: boolean;
  since?: string;
  filter?: string;
  consumer?: string;
  queue?: string;
  duration?: string;
}

export function register(program: Command): void {
  const logsCommand = program
    .command("logs")
    .description("show the consumers' CloudWatch Logs interleaved by time, marked by consumer (the tracing shim's lines only with --verbose)")
    .option("-f, --follow", "keep showing new log events until Ctrl-C")
    .option("--since <duration>", "how far back to start, e.g. 30s, 10m, 2h", "10m")
    .option("--filter <pattern>", "CloudWatch Logs filter pattern, e.g. ERROR or PoisonMarkerError");
  withConsumerOptions(logsCommand, "whose function's logs")
    .option("--duration <duration>", "with --follow: stop after this long")
    .action((options: LogsOptions, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { selectConsumers, parseDuration } = await import("../../core/command-options.js");
        const { LOGS_DEFAULT_SINCE_MS, showLogs } = await import("../../core/observe/logs.js");
        const consumers = selectConsumers(options, ctx.consumers.map((consumer) => consumer.name));
        const sinceMs = options.since === undefined ? LOGS_DEFAULT_SINCE_MS : parseDuration(options.since, "--since");
        const durationMs = options.duration === undefined ? undefined : parseDuration(options.duration, "--duration");
        const filter = options.filter?.trim() ? options.filter.trim() : undefined;
        const events = await consumerColours(ctx.events, globals, io, ctx.consumers.map((consumer) => consumer.name));
        return showLogs(
          { ...ctx, events },
          { consumers, sinceMs, follow: options.follow === true, traces: globals.verbose === true, ...(filter ? { filter } : {}), ...(durationMs === undefined ? {} : { durationMs }) },
        );
      });
    });
}
