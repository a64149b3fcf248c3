/** `eda diff`: what `eda setup` would create or update, resource by resource; read-only. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

/** Exit code when something would change, as `cdk diff --fail` exits. */
const EXIT_CHANGES = 1;

export function register(program: Command): void {
  program
    .command("diff")
    .description("show what eda setup would create or update, field by field, and change nothing (exit 0: no changes, 1: changes)")
    .action((_options: object, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { diffStack } = await import("../../core/provision/diff.js");
        const result = await diffStack(ctx);
        for (const line of result.lines) io.print(line);
        return { ok: result.ok, summary: result.summary, data: result.data, ...(result.ok && result.changes ? { exitCode: EXIT_CHANGES } : {}) };
      }),
    );
}
