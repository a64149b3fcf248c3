/**
 * One `eda setup`, `eda test`, `eda teardown` cycle through the real CLI
 * against an emulator with a fault plan, and what it left behind. Shared by
 * the CI suite and the bench (which repeats it at several fault rates).
 */
import type { RunningEmulator } from "../../../src/emulator/emulator.js";
import type { FaultKind, FaultPlan } from "../../../src/emulator/faults.js";
import { cliEnv } from "./crash-resume.js";
import { runEda } from "./eda-process.js";
import { adminClients, emulatorStack } from "./pipeline.js";
import { remainingResources } from "./remaining-resources.js";

export interface FaultedCycle {
  /** The first command that did not exit 0, with its last stderr line. */
  failed?: string;
  injected: Partial<Record<FaultKind, number>>;
  /** What teardown left, read with the fault plan off. */
  remaining: string[];
}

/**
 * Refuses `share` of the CLI's (admin-signed) calls to every service: half
 * of them throttled, 30% with a 500, 20% with a 503. Rules are tried in
 * order, so the later rates are scaled to their share of all calls.
 */
export function cliFaultPlan(share: number, seed: number): FaultPlan {
  const throttle = share / 2;
  const serverError = (share * 0.3) / (1 - throttle);
  const unavailable = (share * 0.2) / (1 - throttle - share * 0.3);
  return {
    seed,
    rules: [
      { kind: "throttle", rate: throttle, caller: "admin" },
      { kind: "server-error", rate: serverError, caller: "admin" },
      { kind: "unavailable", rate: unavailable, caller: "admin" },
    ],
  };
}

export async function faultedLifecycle(emulator: RunningEmulator, edaHome: string, stack: string, plan: FaultPlan, testArgs: string[] = ["--count", "5"]): Promise<FaultedCycle> {
  const env = cliEnv(emulator.endpoint, edaHome, { accessKeyId: "test", secretAccessKey: "test" });
  emulator.hub.faults.set(plan);
  let failed: string | undefined;
  for (const args of [["setup"], ["test", ...testArgs], ["teardown", "--yes"]]) {
    const run = await runEda([...args, "--stack", stack], env);
    if (run.code !== 0) {
      failed = `eda ${args[0]} exited ${run.code}: ${run.stderr.trim().split("\n").at(-1) ?? ""}`;
      if (args[0] !== "teardown") await runEda(["teardown", "--yes", "--stack", stack], env);
      break;
    }
  }
  const injected = emulator.hub.faults.counts();
  emulator.hub.faults.set(undefined);
  const clients = adminClients(emulator.endpoint);
  try {
    return { ...(failed ? { failed } : {}), injected, remaining: await remainingResources(clients, emulatorStack(stack)) };
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

export function injectedTotal(cycle: FaultedCycle): number {
  return Object.values(cycle.injected).reduce((sum, count) => sum + count, 0);
}
