/**
 * Benchmarks that print figures (never assertions). Run all, or name some:
 *   npm run bench                 # everything
 *   npm run bench -- emulator     # emulator throughput vs fauxqs
 *   npm run bench -- setup        # eda setup / teardown wall time against a warm local emulator (--rounds N)
 *   npm run bench -- pipeline     # eda test --count 1000 and 10000 on the local emulator (--pipeline-count N for one run)
 *   npm run bench -- lambda       # warm invocations, SQS -> Lambda mapping throughput, the consumers' CPU per object (--consumer-objects N, --consumer-batch-size N)
 *   npm run bench -- reliability-load     # 10,000 objects, clean and with 20% transient failures (--reliability-objects N)
 *   npm run bench -- reliability-crash    # SIGKILL at every change of setup and teardown, realistic profile, CLI resume
 *   npm run bench -- reliability-faults   # setup+test+teardown cycles at 10% and 20% injected faults (--reliability-runs N)
 *   npm run bench -- summary      # quick: every goal's figure at a smaller scale (pipeline at 1,000 objects,
 *                                 # the emulator comparison at 1,000 messages and 500 objects, setup in 2 rounds,
 *                                 # the consumers' CPU over 500 objects)
 * Every run ends with one screen: each figure, its goal, and whether it was met.
 * Options: --count N (SQS messages, default 5000), --objects N (S3 objects, default 2000),
 * --rounds N (how many alternating rounds the emulator comparison is split into, default 10).
 */
import { runEmulatorThroughput } from "./emulator-throughput.js";
import { runLambdaThroughput } from "./lambda-throughput.js";
import { runPipelineThroughput } from "./pipeline-throughput.js";
import { runReliabilityCrash } from "./reliability-crash.js";
import { runReliabilityFaults } from "./reliability-faults.js";
import { runReliabilityLoad } from "./reliability-load.js";
import { runSetupTeardown } from "./setup-teardown.js";
import { summaryScreen } from "./lib/summary.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

function textOption(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

const benches: Record<string, () => Promise<void>> = {
  emulator: () =>
    runEmulatorThroughput({ count: option("count", 5000), objects: option("objects", 2000), rounds: option("rounds", 10), baseline: textOption("baseline") }),
  pipeline: () => runPipelineThroughput({ counts: process.argv.includes("--pipeline-count") ? [option("pipeline-count", 1000)] : [1000, 10_000] }),
  lambda: () => runLambdaThroughput({ invocations: option("invocations", 500), messages: option("messages", 5000), consumerObjects: option("consumer-objects", 1000), consumerBatchSize: option("consumer-batch-size", 10) }),
  setup: () => runSetupTeardown({ rounds: option("rounds", 5) }),
  "reliability-load": () => runReliabilityLoad({ objects: option("reliability-objects", 10_000) }),
  "reliability-crash": () => runReliabilityCrash(),
  "reliability-faults": () => runReliabilityFaults({ runs: option("reliability-runs", 10) }),
};

/** The quick run: each goal's figure, measured at a smaller scale. */
const quick: Record<string, () => Promise<void>> = {
  pipeline: () => runPipelineThroughput({ counts: [1000] }),
  emulator: () => runEmulatorThroughput({ count: 1000, objects: 500, rounds: 4, baseline: textOption("baseline") }),
  setup: () => runSetupTeardown({ rounds: 2 }),
  lambda: () => runLambdaThroughput({ invocations: 200, messages: 1000, consumerObjects: 500, consumerBatchSize: 10 }),
};

const names = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));
const plan: [string, () => Promise<void>][] = [];
for (const name of names.length > 0 ? names : Object.keys(benches)) {
  if (name === "summary") {
    plan.push(...Object.entries(quick));
    continue;
  }
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}" (choose from ${[...Object.keys(benches), "summary"].join(", ")})`);
    process.exit(2);
  }
  plan.push([name, bench]);
}
const durations: { bench: string; seconds: number }[] = [];
for (const [name, bench] of plan) {
  const started = performance.now();
  await bench();
  durations.push({ bench: name, seconds: (performance.now() - started) / 1000 });
}
console.log(summaryScreen(durations));
