/**
 * Wall time of `eda setup` and `eda teardown` against a warm local emulator
 * (fast profile), as a user runs them: the built CLI as separate processes.
 * The first setup creates everything, the second finds nothing to change,
 * then teardown removes it all; repeated for several rounds, each with its
 * own stack name (SQS refuses a deleted queue's name for 60 s, as on AWS).
 *
 *   npm run build && npm run bench -- setup [--rounds 5]
 *
 * Goals: setup <= 1.5 s, teardown <= 1.0 s.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEdaEmulator } from "./lib/servers.js";
import { formatTable, percentile } from "./lib/stats.js";

const edaCli = join(fileURLToPath(new URL("../", import.meta.url)), "dist", "bin", "eda.js");

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [edaCli, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`eda ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
      else resolve((performance.now() - started) / 1000);
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
  const times: Record<"setup" | "rerun" | "teardown", number[]> = { setup: [], rerun: [], teardown: [] };
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
  const row = (label: string, values: number[], goal: string) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [label, String(values.length), percentile(sorted, 50), sorted[0]!, sorted[sorted.length - 1]!, goal];
  };
  console.log("\neda setup / teardown wall time against a warm local emulator (seconds, whole CLI process)\n");
  console.log(
    formatTable(
      ["command", "runs", "median", "min", "max", "goal"],
      [
        row("eda setup (creates 22 resources)", times.setup, "<= 1.5"),
        row("eda setup again (no changes)", times.rerun, "-"),
        row("eda teardown --yes", times.teardown, "<= 1.0"),
      ],
    ),
  );
}
