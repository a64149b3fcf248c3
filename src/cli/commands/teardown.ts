/** `eda teardown`: delete every resource of the stack and check that nothing remains. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("teardown")
    .description("delete every resource of the stack (bucket objects and versions included), then check that nothing remains")
    .option("--dry-run", "print what would be deleted, in order, and delete nothing")
    .action((options: { dryRun?: boolean }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { teardown } = await import("../../core/provision/teardown.js");
        const result = await teardown(ctx, { dryRun: options.dryRun === true, confirm: (question) => io.confirm(question) });
        for (const line of result.planText ?? []) io.print(line);
        return { ok: result.ok, summary: result.summary, data: result.data };
      }),
    );
}
