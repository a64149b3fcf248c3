/** `eda dlq list|redrive|purge`: what is in the consumers' dead-letter queues, and moving or deleting it. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";
import { withConsumerOptions } from "./tail.js";

interface QueueOption {
  consumer?: string;
  queue?: string;
}

export function register(program: Command): void {
  const dlq = program.command("dlq").description("inspect, redrive or purge the consumers' dead-letter queues");

  withConsumerOptions(
    dlq.command("list", { isDefault: true }).description("show DLQ messages with the object or message each is about and its receive count (messages stay in the DLQ)"),
    "whose DLQ",
  )
    .option("--limit <n>", "show at most n messages per DLQ (default 50)")
    .action((options: QueueOption & { limit?: string }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { selectConsumers, parsePositiveInteger } = await import("../../core/command-options.js");
        const { DLQ_LIST_DEFAULT_LIMIT, listDeadLetters } = await import("../../core/observe/dlq.js");
        const consumers = selectConsumers(options, ctx.consumers.map((consumer) => consumer.name));
        const limit = options.limit === undefined ? DLQ_LIST_DEFAULT_LIMIT : parsePositiveInteger(options.limit, "--limit", 10_000);
        const result = await listDeadLetters(ctx, consumers, limit);
        for (const line of result.lines) io.print(line);
        return result;
      }),
    );

  withConsumerOptions(dlq.command("redrive").description("move DLQ messages back to their source queues (StartMessageMoveTask) and report progress until done"), "whose DLQ").action((options: QueueOption, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { selectConsumers } = await import("../../core/command-options.js");
        const { redriveDeadLetters } = await import("../../core/observe/dlq.js");
        const result = await redriveDeadLetters(ctx, selectConsumers(options, ctx.consumers.map((consumer) => consumer.name)));
        for (const line of result.lines) io.print(line);
        return result;
      }),
    );

  withConsumerOptions(dlq.command("purge").description("delete every message in the DLQs (asks first unless --yes)"), "whose DLQ").action((options: QueueOption, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { selectConsumers } = await import("../../core/command-options.js");
        const { purgeDeadLetters } = await import("../../core/observe/dlq.js");
        return purgeDeadLetters(ctx, selectConsumers(options, ctx.consumers.map((consumer) => consumer.name)), (question) => io.confirm(question));
      }),
    );
}
