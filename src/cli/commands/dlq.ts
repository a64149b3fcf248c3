/** `eda dlq list|redrive|purge`: what is in the consumers' dead-letter queues, and moving or deleting it. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

interface QueueOption {
  queue?: string;
}

export function register(program: Command): void {
  const dlq = program.command("dlq").description("inspect, redrive or purge the consumers' dead-letter queues");

  dlq
    .command("list", { isDefault: true })
    .description("show DLQ messages with the object or message each is about and its receive count (messages stay in the DLQ)")
    .option("--queue <consumer>", "inventory, audit or both", "both")
    .option("--limit <n>", "show at most n messages per DLQ (default 50)")
    .action((options: QueueOption & { limit?: string }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { parseConsumerChoice, parsePositiveInteger } = await import("../../core/prove/options.js");
        const { DLQ_LIST_DEFAULT_LIMIT, listDeadLetters } = await import("../../core/prove/dlq.js");
        const consumers = parseConsumerChoice(options.queue);
        const limit = options.limit === undefined ? DLQ_LIST_DEFAULT_LIMIT : parsePositiveInteger(options.limit, "--limit", 10_000);
        const result = await listDeadLetters(ctx, consumers, limit);
        for (const line of result.lines) io.print(line);
        return result;
      }),
    );

  dlq
    .command("redrive")
    .description("move DLQ messages back to their source queues (StartMessageMoveTask) and report progress until done")
    .option("--queue <consumer>", "inventory, audit or both", "both")
    .action((options: QueueOption, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { parseConsumerChoice } = await import("../../core/prove/options.js");
        const { redriveDeadLetters } = await import("../../core/prove/dlq.js");
        const result = await redriveDeadLetters(ctx, parseConsumerChoice(options.queue));
        for (const line of result.lines) io.print(line);
        return result;
      }),
    );

  dlq
    .command("purge")
    .description("delete every message in the DLQs (asks first unless --yes)")
    .option("--queue <consumer>", "inventory, audit or both", "both")
    .action((options: QueueOption, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { parseConsumerChoice } = await import("../../core/prove/options.js");
        const { purgeDeadLetters } = await import("../../core/prove/dlq.js");
        return purgeDeadLetters(ctx, parseConsumerChoice(options.queue), (question) => io.confirm(question));
      }),
    );
}
