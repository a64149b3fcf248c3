/**
 * `eda setup`: create or repair every resource of the stack, and delete the
 * consumers no longer in the project file (after asking); `--dry-run` shows
 * what it would change.
 */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("setup")
    .description("create the pipeline, or repair whatever differs from the plan (safe to re-run; says \"no changes\" when nothing differs)")
    .option("--dry-run", "show what would be created or updated (as eda diff) and change nothing; with --verbose also the whole plan: every resource, the order, every policy document")
    .action((options: { dryRun?: boolean }, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { setup } = await import("../../core/provision/setup.js");
        if (options.dryRun === true) {
          const { diffStack } = await import("../../core/provision/diff.js");
          const diff = await diffStack(ctx);
          for (const line of diff.lines) io.print(line);
          const result = await setup(ctx, { dryRun: true });
          if (globals.verbose) for (const line of result.planText ?? []) io.print(line);
          return { ok: diff.ok, summary: `dry run, nothing was changed: ${diff.summary}`, data: { ...result.data, diff: diff.data.resources } };
        }
        // Deleting consumers removed from eda.json asks first (--yes for scripts; without a terminal and --yes, exit 2).
        const result = await setup(ctx, { confirmRemoval: (question) => io.confirm(question) });
        if (!result.ok) return { ok: false, summary: result.summary, data: result.data };
        // What to use next: the names and URLs, as CloudFormation's outputs.
        const { describeOutputs, stackOutputs } = await import("../../core/provision/outputs.js");
        const outputs = await stackOutputs(ctx);
        for (const line of describeOutputs(outputs)) io.print(line);
        return { ok: true, summary: result.summary, data: { ...result.data, outputs } };
      });
    });
}
