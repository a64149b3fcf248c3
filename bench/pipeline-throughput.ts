/**
 * The whole pipeline on the local emulator, measured the way users measure
 * it: `eda local start`, `eda setup --local`, then `eda test --local --count N
 * --json` for each N, as separate processes. Prints objects/s, upload rate,
 * end-to-end and per-hop p50/p99 for each consumer, and how many objects
 * were lost (not processed by both consumers).
 *
 *   npm run bench -- pipeline [--pipeline-count 1000]
 *
 * Goals: >= 300 objects/s at 1,000 objects, end-to-end p99 < 1 s, zero lost.
 */
import { spawn } from "node:child_process";
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTable } from "./lib/stats.js";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));

interface Stats {
  p50: number;
  p99: number;
}

interface TestResult {
  ok: boolean;
  summary: string;
  count: number;
  processed: number;
  durationMs: number;
  throughput?: { perSecond: number };
  uploadThroughput?: { perSecond: number };
  endToEnd?: Stats;
  consumers: Record<string, { latency: { hops: Record<string, Stats>; endToEnd?: Stats } }>;
}

function eda(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/eda.ts", ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function edaOrFail(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const run = await eda(args, env);
  if (run.code !== 0) throw new Error(`eda ${args.join(" ")} failed (${run.code}): ${run.stderr || run.stdout}`);
  return run.stdout;
}

export async function runPipelineThroughput(args: { counts: number[] }): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "eda-bench-pipeline-"));
  const env: NodeJS.ProcessEnv = { ...process.env, EDA_HOME: home, EDA_LOCAL_PORT: "0", NO_COLOR: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const results: TestResult[] = [];
  console.error(`machine: ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(" ")}, node ${process.versions.node}`);
  try {
    await edaOrFail(["local", "start"], env);
    await edaOrFail(["setup", "--local"], env);
    // Warm the consumers' execution environments so the first measured run does not pay cold starts alone.
    await edaOrFail(["test", "--local", "--count", "50"], env);
    for (const count of args.counts) {
      console.error(`eda test --local --count ${count} ...`);
      const run = await eda(["test", "--local", "--count", String(count), "--timeout", "600s", "--json"], env);
      const lines = run.stdout.split("\n").filter((line) => line.startsWith("{"));
      const result = JSON.parse(lines.at(-1) ?? "{}") as TestResult & { type?: string };
      if (result.type !== "result") throw new Error(`eda test --count ${count} gave no result: ${run.stderr}`);
      results.push(result);
    }
  } finally {
    await eda(["local", "stop"], env);
    rmSync(home, { recursive: true, force: true });
  }

  const ms = (stats: Stats | undefined, field: "p50" | "p99") => (stats ? stats[field] : Number.NaN);
  console.log(
    formatTable(
      ["objects", "passed", "lost", "objects/s", "uploads/s", "e2e p50 ms", "e2e p99 ms", "wall s"],
      results.map((result) => [
        result.count,
        result.ok ? "yes" : "NO",
        result.count - result.processed,
        result.throughput?.perSecond ?? Number.NaN,
        result.uploadThroughput?.perSecond ?? Number.NaN,
        ms(result.endToEnd, "p50"),
        ms(result.endToEnd, "p99"),
        result.durationMs / 1000,
      ]),
    ),
  );
  for (const result of results) {
    console.log(`\nper-hop latency, ${result.count} objects (ms, p50 / p99):`);
    const consumers = Object.keys(result.consumers);
    const hops = Object.keys(result.consumers[consumers[0]!]!.latency.hops);
    console.log(
      formatTable(
        ["hop", ...consumers.flatMap((consumer) => [`${consumer} p50`, `${consumer} p99`])],
        [
          ...hops.map((hop) => [hop, ...consumers.flatMap((consumer) => [ms(result.consumers[consumer]!.latency.hops[hop], "p50"), ms(result.consumers[consumer]!.latency.hops[hop], "p99")])]),
          ["end-to-end", ...consumers.flatMap((consumer) => [ms(result.consumers[consumer]!.latency.endToEnd, "p50"), ms(result.consumers[consumer]!.latency.endToEnd, "p99")])],
        ],
      ),
    );
    if (!result.ok) console.log(result.summary);
  }
}
