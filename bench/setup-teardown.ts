/**
 * Wall time of `eda setup` and `eda teardown` against a warm local emulator
 * (fast profile), as a user runs them: the built CLI as separate processes.
 * The first setup creates everything, the second finds nothing to change,
 * then teardown removes it all; repeated for several rounds, each with its
 * own stack name (SQS refuses a deleted queue's name for 60 s, as on AWS).
 *
 *   npm run build && npm run bench -- setup [--rounds 5]
 *
 * Beside the wall time, the CPU time of the CLI process (user + system, from
 * /proc on Linux): on a busy machine it moves less than the wall time.
 *
 * Goals: setup <= 1.5 s, a re-run with no changes <= 0.7 s (and faster than
 * the first setup), teardown <= 1.0 s.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEdaEmulator } from "./lib/servers.js";
import { formatTable, percentile } from "./lib/stats.js";
import { atMost, recordFigure } from "./lib/summary.js";

/** EDA_BENCH_DIST measures another build (a copy of its dist/ inside this checkout, so it finds node_modules). */
const edaCli = join(process.env.EDA_BENCH_DIST ?? join(fileURLToPath(new URL("../", import.meta.url)), "dist"), "bin", "eda.js");

/** CPU seconds of this process's children that ended (Linux; 0 elsewhere). */
function reapedChildrenCpu(): number {
  try {
    const text = readFileSync("/proc/self/stat", "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

interface CliRun {
  wall: number;
  cpu: number;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = reapedChildrenCpu();
    const child = spawn(process.execPath, [edaCli, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`eda ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
      else resolve({ wall: (performance.now() - started) / 1000, cpu: reapedChildrenCpu() - cpuBefore });
    });
  });
}

export async function runSetupTeardown(args: { rounds: number }): Promise<void> {
  if (!existsSync(edaCli)) throw new Error("dist/bin/eda.js is missing: run npm run build first");
  const server = await startEdaEmulator();
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const common = (round: number) => ["--endpoint-url", server.endpoint, "--stack", `bench-${round}`, "--json"];
  const times: Record<"setup" | "rerun" | "teardown", CliRun[]> = { setup: [], rerun: [], teardown: [] };
  try {
    // One untimed round warms the emulator (module loading, first function environments).
    await runCli(["setup", ...common(0)], env);
    await runCli(["teardown", "--yes", ...common(0)], env);
    for (let round = 1; round <= args.rounds; round++) {
      times.setup.push(await runCli(["setup", ...common(round)], env));
      times.rerun.push(await runCli(["setup", ...common(round)], env));
      times.teardown.push(await runCli(["teardown", "--yes", ...common(round)], env));
    }
  } finally {
    await server.stop();
  }
  const median = (runs: CliRun[], field: keyof CliRun) => percentile([...runs.map((run) => run[field])].sort((a, b) => a - b), 50);
  const row = (label: string, runs: CliRun[], goal: string) => {
    const walls = runs.map((run) => run.wall).sort((a, b) => a - b);
    return [label, String(runs.length), median(runs, "wall"), walls[0]!, walls[walls.length - 1]!, median(runs, "cpu"), goal];
  };
  console.log("\neda setup / teardown against a warm local emulator (seconds, whole CLI process)\n");
  console.log(
    formatTable(
      ["command", "runs", "median wall", "min", "max", "median CPU", "goal (wall)"],
      [
        row("eda setup (creates 22 resources)", times.setup, "<= 1.5"),
        row("eda setup again (no changes)", times.rerun, "<= 0.7"),
        row("eda teardown --yes", times.teardown, "<= 1.0"),
      ],
    ),
  );
  const bench = "setup";
  recordFigure({ bench, name: "eda setup, creating 22 resources (median)", value: median(times.setup, "wall"), unit: "s", goal: atMost(1.5) });
  recordFigure({ bench, name: "eda setup again, no changes (median)", value: median(times.rerun, "wall"), unit: "s", goal: atMost(0.7) });
  recordFigure({
    bench,
    name: "re-run / first setup (wall)",
    value: median(times.rerun, "wall") / median(times.setup, "wall"),
    unit: "x",
    goal: atMost(1),
  });
  recordFigure({ bench, name: "eda teardown --yes (median)", value: median(times.teardown, "wall"), unit: "s", goal: atMost(1.0) });
  recordFigure({ bench, name: "CLI CPU, setup (median)", value: median(times.setup, "cpu"), unit: "s" });
  recordFigure({ bench, name: "CLI CPU, re-run with no changes (median)", value: median(times.rerun, "cpu"), unit: "s" });
  recordFigure({ bench, name: "CLI CPU, teardown (median)", value: median(times.teardown, "cpu"), unit: "s" });
}
