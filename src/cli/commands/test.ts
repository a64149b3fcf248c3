/** `eda test`: upload generated objects and prove they flow through every hop to every consumer whose filter matches them. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";

interface TestOptions {
  count?: string;
  size?: string;
  concurrency?: string;
  timeout?: string;
  poison?: string;
  sample?: string;
}

export function register(program: Command): void {
  program
    .command("test")
    .description(
      "upload generated objects under a fresh run id, wait until every consumer processed each object its filter matches exactly once, verify and print per-hop latency (exit 1 unless all verified)",
    )
    .option("--count <n>", "objects to upload (default 6, one per key shape; more when the consumers' filters need it)")
    .option("--size <bytes>", "size of each object, e.g. 1024, 64KiB, 5MB (default 1024)")
    .option("--concurrency <n>", "uploads in flight at once (default 16)")
    .option("--timeout <duration>", "how long to wait for results after the last upload, e.g. 90s, 10m (default 120s; longer with --poison)")
    .option("--poison <k>", "mark k of the objects with the eda-poison metadata: they must end up in the built-in consumers' DLQs (default 0)")
    .option("--sample <n>", "read only n of the built-in consumers' results in full (content, latency); the others need only exist (default: all)")
    .action((options: TestOptions, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { parseByteSize, parseDuration, parseNonNegativeInteger, parsePositiveInteger } = await import("../../core/command-options.js");
        const { TEST_DEFAULTS, testRun } = await import("../../core/test/test-run.js");
        const result = await testRun(ctx, {
          ...(options.count === undefined ? {} : { count: parsePositiveInteger(options.count, "--count", 1_000_000) }),
          size: options.size === undefined ? TEST_DEFAULTS.size : parseByteSize(options.size, "--size"),
          concurrency: options.concurrency === undefined ? TEST_DEFAULTS.concurrency : parsePositiveInteger(options.concurrency, "--concurrency", 64),
          poison: options.poison === undefined ? 0 : parseNonNegativeInteger(options.poison, "--poison"),
          ...(options.timeout === undefined ? {} : { timeoutMs: parseDuration(options.timeout, "--timeout") }),
          ...(options.sample === undefined ? {} : { sample: parsePositiveInteger(options.sample, "--sample") }),
        });
        for (const line of result.lines) io.print(line);
        if (ctx.signal.aborted) {
          // Ctrl-C: the partial summary above, then exit 130.
          ctx.events.emit({ type: "data", topic: "summary", message: result.summary, data: result.data });
          throw ctx.signal.reason;
        }
        return { ok: result.ok, summary: result.summary, data: result.data };
      }),
    );
}
