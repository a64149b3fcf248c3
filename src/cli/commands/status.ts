/** `eda status`: every resource present, missing or drifted, with states and queue depths. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("status")
    .description("show every resource of the stack as present, missing or drifted, function and mapping states, queue and DLQ depths (exit 1 unless all is as planned)")
    .action((_options: object, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { status } = await import("../../core/status.js");
        const result = await status(ctx);
        for (const line of result.lines) io.print(line);
        return { ok: result.ok, summary: result.summary, data: result.data };
      }),
    );
}
