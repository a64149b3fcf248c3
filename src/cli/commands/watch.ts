/** `eda watch`: deploy, then redeploy a project consumer whenever its source files change, showing its logs, until Ctrl-C. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("watch")
    .description("deploy, then redeploy each consumer of eda.json when its files change (only that function) and follow the consumers' logs, until Ctrl-C")
    .action((_options: Record<string, never>, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { watchConsumers } = await import("../../core/project/watch.js");
        return watchConsumers(ctx, { confirmRemoval: (question) => io.confirm(question) });
      }),
    );
}
