/** `eda status`: every resource present, missing or drifted, with states and queue depths. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";
import { withConsumerOptions } from "./tail.js";

export function register(program: Command): void {
  withConsumerOptions(
    program
      .command("status")
      .description("show every resource of the stack as present, missing or drifted, function and mapping states, queue and DLQ depths (exit 1 unless all is as planned)"),
    "the shared resources and this consumer's",
  ).action((options: { consumer?: string; queue?: string }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { selectConsumers } = await import("../../core/command-options.js");
        const { status } = await import("../../core/provision/status.js");
        const result = await status(ctx, { consumers: selectConsumers(options, ctx.consumers.map((consumer) => consumer.name)) });
        for (const line of result.lines) io.print(line);
        return { ok: result.ok, summary: result.summary, data: result.data };
      }),
    );
}
