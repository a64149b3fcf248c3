/**
 * How often `eda setup`, `eda test` and `eda teardown` all succeed when a
 * share of the CLI's calls to every service is throttled or fails with a
 * 5xx, on the realistic profile: N cycles per fault rate, each with its own
 * seed, printing the success rate and the faults ridden out.
 *
 *   npm run bench -- reliability-faults [--reliability-runs 10]
 */
import { startEmulator } from "../src/emulator/emulator.js";
import { ensureHandlerBundles, temporaryEdaHome } from "./lib/workloads/eda-process.js";
import { cliFaultPlan, faultedLifecycle, injectedTotal } from "./lib/workloads/faulted-lifecycle.js";

export async function runReliabilityFaults(args: { runs: number; shares?: number[] }): Promise<void> {
  ensureHandlerBundles();
  const emulator = await startEmulator({ port: 0, profile: "realistic" });
  const edaHome = temporaryEdaHome();
  try {
    for (const share of args.shares ?? [0.1, 0.2]) {
      let succeeded = 0;
      let faults = 0;
      const failures: string[] = [];
      for (let run = 0; run < args.runs; run++) {
        const cycle = await faultedLifecycle(emulator, edaHome.path, `bench-faults-${Math.round(share * 100)}-${run}`, cliFaultPlan(share, 1000 + run));
        faults += injectedTotal(cycle);
        if (!cycle.failed && cycle.remaining.length === 0) succeeded++;
        else failures.push(cycle.failed ?? `left ${cycle.remaining.join(", ")}`);
      }
      console.log(
        `reliability-faults, ${Math.round(share * 100)}% of the CLI's calls refused: ${succeeded}/${args.runs} setup+test+teardown cycles succeeded, ${faults} faults ridden out`,
      );
      for (const failure of failures) console.log(`  ${failure}`);
    }
  } finally {
    await emulator.stop();
    edaHome.remove();
  }
}
