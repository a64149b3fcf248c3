/** `eda outputs`: the stack's bucket, topic, queue and DLQ URLs, functions and log groups. */
import { type Command, Option } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("outputs")
    .description("print the stack's bucket, topic ARN, queue and DLQ URLs, function names and log groups (on AWS, console links)")
    .addOption(
      new Option("--format <format>", "table, or env: export lines for eval, with the emulator's endpoint and credentials when --local")
        .choices(["table", "env"])
        .default("table"),
    )
    .action((options: { format: "table" | "env" }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { describeOutputs, outputsAsEnv, stackOutputs } = await import("../../core/provision/outputs.js");
        const outputs = await stackOutputs(ctx);
        const lines = options.format === "env" ? outputsAsEnv(outputs, ctx.target) : describeOutputs(outputs);
        for (const line of lines) io.print(line);
        return { ok: true, summary: `outputs of stack ${outputs.stack}`, data: { outputs }, summaryOnStderr: options.format === "env" };
      }),
    );
}
