/**
 * The whole pipeline on the local emulator, measured the way users measure
 * it: the built CLI (dist/, as installed) runs `eda local start`, `eda setup
 * --local`, then `eda test --local --count N --json` for each N, as separate
 * processes. Prints objects/s, upload rate,
 * end-to-end and per-hop p50/p99 for each consumer, how many objects were
 * lost (not processed by both consumers), and where the CPU went: the CLI,
 * the emulator and the functions' execution environments, in milliseconds
 * of CPU per object (Linux: read from /proc; elsewhere not shown).
 *
 *   npm run build && npm run bench -- pipeline [--pipeline-count 1000]
 *
 * Also: how soon the first result appears after an upload to a stack just
 * set up (cold functions, as in `eda demo`; p50 of three stacks), and the
 * emulator's resident memory once every run's objects are stored and
 * processed.
 *
 * Goals: >= 300 objects/s at 1,000 objects and >= 400/s at 10,000, zero lost,
 * end-to-end p99 <= 1 s, CLI CPU <= 1 ms and functions' CPU <= 3 ms per
 * object, first result <= 1 s after upload, emulator RSS <= 300 MB after
 * 10,000 objects.
 */
import { spawn } from "node:child_process";
import { cpus, loadavg, tmpdir } from "node:os";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { objectResultKey } from "../handlers/shared/result.js";
import { formatTable, percentile } from "./lib/stats.js";
import { atLeast, atMost, recordFigure } from "./lib/summary.js";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
/** EDA_BENCH_DIST measures another build (a copy of its dist/ inside this checkout, so it finds node_modules). */
const edaCli = join(process.env.EDA_BENCH_DIST ?? join(repoRoot, "dist"), "bin", "eda.js");

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

/** CPU seconds used so far by each part of the pipeline; undefined where /proc cannot tell. */
interface CpuSample {
  cli: number;
  emulator: number;
  functions: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime, stime, cutime, cstime of a process (seconds), and its parent pid. */
function procStat(pid: number | "self"): { self: number; reapedChildren: number; parent: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ticks = (index: number) => Number(fields[index]) / CLOCK_TICKS_PER_SECOND;
    return { self: ticks(11) + ticks(12), reapedChildren: ticks(13) + ticks(14), parent: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/**
 * The CLI runs as this process's child, so its CPU shows in our reaped
 * children once it exited. The functions are the emulator's descendants:
 * those alive now plus those it already reaped.
 */
function sampleCpu(emulatorPid: number | undefined): CpuSample | undefined {
  const bench = procStat("self");
  const emulator = emulatorPid === undefined ? undefined : procStat(emulatorPid);
  if (!bench || !emulator || !existsSync("/proc")) return undefined;
  const parents = new Map<number, { parent: number; cpu: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) parents.set(Number(entry), { parent: stat.parent, cpu: stat.self });
  }
  const descendsFromEmulator = (pid: number): boolean => {
    for (let current = parents.get(pid)?.parent; current !== undefined && current > 1; current = parents.get(current)?.parent) {
      if (current === emulatorPid) return true;
    }
    return false;
  };
  let functions = emulator.reapedChildren;
  for (const [pid, { cpu }] of parents) if (descendsFromEmulator(pid)) functions += cpu;
  return { cli: bench.reapedChildren, emulator: emulator.self, functions };
}

/** Resident memory (MB) of the emulator and of its descendants (the functions' execution environments). */
function residentMemory(emulatorPid: number): { emulatorMb: number; functionsMb: number } | undefined {
  const rssMb = (pid: number) => {
    try {
      const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
      return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  if (!existsSync(`/proc/${emulatorPid}/status`)) return undefined;
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) parents.set(Number(entry), stat.parent);
  }
  let functionsMb = 0;
  for (const pid of parents.keys()) {
    for (let current = parents.get(pid); current !== undefined && current > 1; current = parents.get(current)) {
      if (current === emulatorPid) {
        functionsMb += rssMb(pid);
        break;
      }
    }
  }
  return { emulatorMb: rssMb(emulatorPid), functionsMb };
}

/**
 * Milliseconds from the start of an upload to the first result of either
 * consumer, on three stacks set up just before (their functions start cold).
 */
async function measureFirstResults(endpoint: string, env: NodeJS.ProcessEnv): Promise<number[]> {
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const times: number[] = [];
  try {
    for (let run = 1; run <= 3; run++) {
      const stack = `bench-first-${run}`;
      const lines = (await edaOrFail(["setup", "--local", "--stack", stack, "--json"], env)).split("\n").filter((line) => line.startsWith("{"));
      const { bucket } = JSON.parse(lines.at(-1)!) as { bucket: string };
      const key = `uploads/first-result-${run}.txt`;
      const resultKeys = ["inventory", "audit"].map((consumer) => objectResultKey(`results/${consumer}/`, key));
      const started = performance.now();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `first result ${run}\n` }));
      for (;;) {
        const found = await Promise.all(
          resultKeys.map((resultKey) =>
            s3.send(new GetObjectCommand({ Bucket: bucket, Key: resultKey })).then(
              () => true,
              () => false,
            ),
          ),
        );
        if (found.some(Boolean)) break;
        if (performance.now() - started > 60_000) throw new Error(`no result for ${key} on stack ${stack} within 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      times.push(performance.now() - started);
    }
  } finally {
    s3.destroy();
  }
  return times;
}

/** The figures the summary screen shows, each beside its goal. */
function recordPipelineFigures(
  results: readonly (TestResult & { cpu?: CpuSample })[],
  firstResults: readonly number[],
  memory: { emulatorMb: number; functionsMb: number } | undefined,
  objectsStored: number,
): void {
  const bench = "pipeline";
  const objectsGoal: Record<number, number> = { 1000: 300, 10_000: 400 };
  for (const result of results) {
    const n = result.count.toLocaleString("en-US");
    const goal = objectsGoal[result.count];
    recordFigure({ bench, name: `objects/s, ${n} objects`, value: result.throughput?.perSecond ?? Number.NaN, unit: "/s", ...(goal ? { goal: atLeast(goal) } : {}) });
    recordFigure({ bench, name: `lost, ${n} objects`, value: result.count - result.processed, unit: "", goal: atMost(0) });
    recordFigure({ bench, name: `end-to-end p99, ${n} objects`, value: result.endToEnd?.p99 ?? Number.NaN, unit: "ms", goal: atMost(1000) });
    if (result.cpu) {
      const perObject = (seconds: number) => (seconds * 1000) / result.count;
      recordFigure({ bench, name: `CLI CPU per object, ${n} objects`, value: perObject(result.cpu.cli), unit: "ms", goal: atMost(1) });
      recordFigure({ bench, name: `emulator CPU per object, ${n} objects`, value: perObject(result.cpu.emulator), unit: "ms" });
      recordFigure({ bench, name: `functions' CPU per object, ${n} objects`, value: perObject(result.cpu.functions), unit: "ms", goal: atMost(3) });
    }
  }
  const sorted = [...firstResults].sort((a, b) => a - b);
  recordFigure({ bench, name: `first result after upload, cold (p50 of ${sorted.length})`, value: percentile(sorted, 50), unit: "ms", goal: atMost(1000) });
  if (memory) {
    const n = objectsStored.toLocaleString("en-US");
    recordFigure({ bench, name: `emulator RSS after ${n} objects`, value: memory.emulatorMb, unit: "MB", ...(objectsStored >= 10_000 ? { goal: atMost(300) } : {}) });
    recordFigure({ bench, name: `functions' RSS (all environments)`, value: memory.functionsMb, unit: "MB" });
  }
}

function cpuUsedBetween(before: CpuSample | undefined, after: CpuSample | undefined): CpuSample | undefined {
  if (!before || !after) return undefined;
  return { cli: after.cli - before.cli, emulator: after.emulator - before.emulator, functions: after.functions - before.functions };
}

function eda(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [edaCli, ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
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
  if (!existsSync(edaCli)) throw new Error("dist/bin/eda.js is missing: run npm run build first");
  const home = mkdtempSync(join(tmpdir(), "eda-bench-pipeline-"));
  const env: NodeJS.ProcessEnv = { ...process.env, EDA_HOME: home, EDA_LOCAL_PORT: "0", NO_COLOR: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const results: (TestResult & { cpu?: CpuSample })[] = [];
  let firstResults: number[] = [];
  let memory: { emulatorMb: number; functionsMb: number } | undefined;
  console.error(`machine: ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(" ")}, node ${process.versions.node}`);
  try {
    const started = JSON.parse(await edaOrFail(["local", "start", "--json"], env)) as { pid?: number; endpoint: string };
    const emulatorPid = started.pid;
    console.error("first result after upload: three fresh stacks, cold functions ...");
    firstResults = await measureFirstResults(started.endpoint, env);
    await edaOrFail(["setup", "--local"], env);
    // Warm the consumers' execution environments so the first measured run does not pay cold starts alone.
    await edaOrFail(["test", "--local", "--count", "50"], env);
    for (const count of args.counts) {
      console.error(`eda test --local --count ${count} ...`);
      const cpuBefore = sampleCpu(emulatorPid);
      const run = await eda(["test", "--local", "--count", String(count), "--timeout", "600s", "--json"], env);
      const cpu = cpuUsedBetween(cpuBefore, sampleCpu(emulatorPid));
      const lines = run.stdout.split("\n").filter((line) => line.startsWith("{"));
      const result = JSON.parse(lines.at(-1) ?? "{}") as TestResult & { type?: string };
      if (result.type !== "result") throw new Error(`eda test --count ${count} gave no result: ${run.stderr}`);
      results.push(cpu ? { ...result, cpu } : result);
    }
    if (emulatorPid !== undefined) memory = residentMemory(emulatorPid);
  } finally {
    await eda(["local", "stop", "--yes"], env);
    rmSync(home, { recursive: true, force: true });
  }
  recordPipelineFigures(results, firstResults, memory, args.counts.reduce((sum, count) => sum + count, 0));

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
  if (results.some((result) => result.cpu)) {
    console.log("\nCPU per object (ms), and in total (s):");
    console.log(
      formatTable(
        ["objects", "cli", "emulator", "functions", "all", "total s"],
        results.map((result) => {
          const cpu = result.cpu;
          if (!cpu) return [result.count, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
          const all = cpu.cli + cpu.emulator + cpu.functions;
          const perObject = (seconds: number) => (seconds * 1000) / result.count;
          return [result.count, perObject(cpu.cli), perObject(cpu.emulator), perObject(cpu.functions), perObject(all), all];
        }),
      ),
    );
  }
  const sortedFirst = [...firstResults].sort((a, b) => a - b);
  console.log(`\nfirst result after upload, cold functions (ms): ${sortedFirst.map((ms) => ms.toFixed(0)).join(", ")} (p50 ${percentile(sortedFirst, 50).toFixed(0)}, goal <= 1000)`);
  if (memory) console.log(`resident memory after ${results.length} runs: emulator ${memory.emulatorMb.toFixed(0)} MB (goal <= 300 after 10,000 objects), functions ${memory.functionsMb.toFixed(0)} MB`);
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
