/** `eda init [DIR]`: scaffold a project (eda.json, one folder per consumer, editor setup) and print the next commands. */
import { relative } from "node:path";
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCliCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("init")
    .description("create a project in DIR (default: the current directory): eda.json, consumers/<name>/index.ts, package.json, tsconfig.json; never overwrites")
    .argument("[directory]", "where to create the project", ".")
    .option("--template <name>", "default (the inventory and audit consumers) or minimal (one consumer that logs each object)", "default")
    .action((directory: string, options: { template: string }, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCliCommand(globals, async (session) => {
        const { scaffoldProject } = await import("../../core/project/scaffold.js");
        const result = scaffoldProject({ directory, template: options.template, ...(globals.stackFromFlag ? { stack: globals.stack } : {}) });
        for (const file of result.files) session.io.print(`created ${file}`);
        const fromCwd = relative(process.cwd(), result.directory);
        const where = fromCwd.startsWith("..") ? directory : fromCwd;
        const next = [
          ...(where === "" ? [] : [`cd ${where}`]),
          "npm install            # optional: types for your editor (npm run typecheck)",
          "eda setup --local      # deploy to the embedded emulator (drop --local for AWS)",
          "eda test --local       # upload test objects and prove every consumer",
          "eda watch --local      # redeploy on save and show the consumer's logs",
        ];
        session.io.print("next:");
        for (const line of next) session.io.print(`  ${line}`);
        return {
          ok: true,
          summary: `created project ${result.stack} in ${where || "."} (${result.files.length} files, template ${options.template})`,
          data: { directory: result.directory, stack: result.stack, template: options.template, files: result.files, next },
        };
      });
    });
}
