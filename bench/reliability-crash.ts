/**
 * Crash and resume on the realistic profile (IAM propagation, Pending
 * functions, mappings in transition), resumed with the real CLI: SIGKILL
 * after every change setup and teardown make, then `eda setup` must
 * converge (status: everything present as planned) and `eda teardown` must
 * leave nothing. The CI suite runs the same matrix on the fast profile,
 * resuming in-process.
 *
 *   npm run bench -- reliability-crash
 */
import { startEmulator } from "../src/emulator/emulator.js";
import { crashMatrix } from "./lib/workloads/crash-resume.js";
import { ensureHandlerBundles, temporaryEdaHome } from "./lib/workloads/eda-process.js";

export async function runReliabilityCrash(): Promise<void> {
  ensureHandlerBundles();
  const emulator = await startEmulator({ port: 0, profile: "realistic" });
  const edaHome = temporaryEdaHome();
  try {
    for (const phase of ["setup", "teardown"] as const) {
      const started = Date.now();
      const outcome = await crashMatrix(emulator, edaHome.path, { phase, parallel: 3, stackPrefix: `bench-${phase}`, resume: "cli" });
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `reliability-crash, ${phase} (realistic profile, resumed with the CLI): ${outcome.points} interruption points, ${outcome.points - outcome.problems.length} converged (${seconds} s)`,
      );
      for (const problem of outcome.problems) console.log(`  ${problem}`);
    }
  } finally {
    await emulator.stop();
    edaHome.remove();
  }
}
