/** `eda send MESSAGE`: send a message straight to the consumers' queues and show their results for it. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";
import { consumerColours, withConsumerOptions } from "./tail.js";

interface SendOptions {
  consumer?: string;
  queue?: string;
  wait: boolean;
  timeout?: string;
}

export function register(program: Command): void {
  withConsumerOptions(
    program
      .command("send")
      .description('send MESSAGE to the consumers\' queues as JSON with an id (a JSON object is sent as it is, so \'{"poison": true}\' works) and show the results')
      .argument("<message>", "text or a JSON object"),
    "whose queue",
  )
    .option("--no-wait", "send and return without waiting for results")
    .option("--timeout <duration>", "how long to wait for the results (default 30s; a poisoned message is awaited in the DLQs when expected within 2 minutes)")
    .action((message: string, options: SendOptions, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { selectConsumers, parseDuration } = await import("../../core/command-options.js");
        const { send } = await import("../../core/traffic/send.js");
        const consumers = selectConsumers(options, ctx.consumers.map((consumer) => consumer.name));
        const timeoutMs = options.timeout === undefined ? undefined : parseDuration(options.timeout, "--timeout");
        const events = await consumerColours(ctx.events, globals, io, ctx.consumers.map((consumer) => consumer.name));
        return send({ ...ctx, events }, { message, consumers, wait: options.wait, timeoutMs });
      });
    });
}
