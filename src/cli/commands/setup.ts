/**
 * `eda setup`: create or repair every resource of the stack, and delete the
 * consumers no longer in the project file (after asking); `--dry-run` prints
 * the plan.
 */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("setup")
    .description("create the pipeline, or repair whatever differs from the plan (safe to re-run; says \"no changes\" when nothing differs)")
    .option("--dry-run", "print the plan (every resource, the order, every policy document) and change nothing")
    .action((options: { dryRun?: boolean }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { setup } = await import("../../core/setup.js");
        // Deleting consumers removed from eda.json asks first (--yes for scripts; without a terminal and --yes, exit 2).
        const result = await setup(ctx, { dryRun: options.dryRun === true, confirmRemoval: (question) => io.confirm(question) });
        for (const line of result.planText ?? []) io.print(line);
        return { ok: result.ok, summary: result.summary, data: result.data };
      }),
    );
}
