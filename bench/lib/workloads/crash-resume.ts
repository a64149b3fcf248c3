/**
 * Crash and resume, for every change setup and teardown make: the real CLI
 * is killed with SIGKILL right after one call has run (crash-points.ts),
 * then the command is run again, and the stack must converge: a re-run
 * setup succeeds with every resource present and as planned, and a teardown
 * (re-run or following) leaves nothing. The CI suite resumes in-process
 * (the same core calls the CLI makes); the bench resumes with the CLI on the
 * realistic profile.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { setup } from "../../../src/core/provision/setup.js";
import { status } from "../../../src/core/provision/status.js";
import { teardown } from "../../../src/core/provision/teardown.js";
import type { RunningEmulator } from "../../../src/emulator/emulator.js";
import { killAfterCall, recordMutatingCalls, runCredentials } from "./crash-points.js";
import { type CliRun, finished, runEda, spawnEda } from "./eda-process.js";
import { adminClients, coreContext, EMULATOR_REGION, emulatorStack, type Keys } from "./pipeline.js";
import { remainingResources } from "./remaining-resources.js";

export type Phase = "setup" | "teardown";

export interface CrashOutcome {
  phase: Phase;
  points: number;
  /** One line per interruption point that did not converge. */
  problems: string[];
}

export function cliEnv(endpoint: string, edaHome: string, keys: Keys): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: edaHome,
    EDA_HOME: edaHome,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_REGION: EMULATOR_REGION,
    AWS_ENDPOINT_URL: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    NO_COLOR: "1",
  };
}

const ADMIN: Keys = { accessKeyId: "test", secretAccessKey: "test" };

/** A stack set up in-process, with an object in the bucket so teardown has to empty it. */
async function setUpStack(emulator: RunningEmulator, stack: string, keys: Keys = ADMIN): Promise<void> {
  const { ctx, dispose } = coreContext(emulator.endpoint, stack, keys);
  try {
    const result = await setup(ctx);
    if (!result.ok) throw new Error(`setup of ${stack} failed: ${result.summary}`);
    await ctx.clients.s3.send(new PutObjectCommand({ Bucket: emulatorStack(stack).bucket.name, Key: "results/kept.json", Body: "{}" }));
  } finally {
    dispose();
  }
}

/** The mutating calls one uninterrupted run makes, by name: the interruption points. */
async function interruptionPoints(emulator: RunningEmulator, phase: Phase, stack: string): Promise<string[]> {
  const keys = runCredentials(emulator, `${stack}-reference`);
  if (phase === "teardown") await setUpStack(emulator, stack);
  const recording = recordMutatingCalls(emulator, keys.principal, stack);
  const { ctx, dispose } = coreContext(emulator.endpoint, stack, keys);
  try {
    const result = phase === "setup" ? await setup(ctx) : await teardown(ctx);
    if (!result.ok) throw new Error(`reference ${phase} of ${stack} failed: ${result.summary}`);
  } finally {
    recording.stop();
    dispose();
  }
  if (phase === "setup") {
    const { ctx: cleanup, dispose: done } = coreContext(emulator.endpoint, stack);
    await teardown(cleanup).finally(done);
  }
  return [...new Set(recording.calls)];
}

async function killedRun(emulator: RunningEmulator, edaHome: string, phase: Phase, stack: string, point: string): Promise<CliRun & { fired: boolean }> {
  const keys = runCredentials(emulator, stack);
  const args = phase === "setup" ? ["setup", "--json", "--stack", stack] : ["teardown", "--yes", "--json", "--stack", stack];
  const child = spawnEda(args, cliEnv(emulator.endpoint, edaHome, keys));
  const kill = killAfterCall(emulator, keys.principal, stack, point, child);
  try {
    const run = await finished(child);
    return { ...run, fired: kill.fired() };
  } finally {
    kill.stop();
  }
}

function lastLine(run: CliRun): string {
  return (run.stderr.trim().split("\n").at(-1) ?? "") || (run.stdout.trim().split("\n").at(-1) ?? "");
}

/** How the interrupted command is run again: the real CLI, or the same core call in-process (faster). */
export type Resume = "cli" | "core";

async function resumeSetup(emulator: RunningEmulator, edaHome: string, stack: string, resume: Resume): Promise<string | undefined> {
  if (resume === "cli") {
    const rerun = await runEda(["setup", "--stack", stack], cliEnv(emulator.endpoint, edaHome, ADMIN));
    return rerun.code === 0 ? undefined : `re-run setup exited ${rerun.code}: ${lastLine(rerun)}`;
  }
  const { ctx, dispose } = coreContext(emulator.endpoint, stack);
  try {
    const result = await setup(ctx);
    return result.ok ? undefined : `re-run setup failed: ${result.summary}`;
  } finally {
    dispose();
  }
}

async function resumeTeardown(emulator: RunningEmulator, edaHome: string, stack: string, resume: Resume): Promise<string | undefined> {
  if (resume === "cli") {
    const rerun = await runEda(["teardown", "--yes", "--stack", stack], cliEnv(emulator.endpoint, edaHome, ADMIN));
    return rerun.code === 0 ? undefined : `re-run teardown exited ${rerun.code}: ${lastLine(rerun)}`;
  }
  const { ctx, dispose } = coreContext(emulator.endpoint, stack);
  try {
    const result = await teardown(ctx);
    return result.ok ? undefined : `re-run teardown failed: ${result.summary}`;
  } finally {
    dispose();
  }
}

/** One interruption point: kill, resume, check convergence; returns its problems. */
async function exercisePoint(emulator: RunningEmulator, edaHome: string, phase: Phase, stack: string, point: string, resume: Resume): Promise<string[]> {
  const where = `${phase} killed after "${point}" (stack ${stack})`;
  if (phase === "teardown") await setUpStack(emulator, stack);
  const killed = await killedRun(emulator, edaHome, phase, stack, point);
  if (!killed.fired || killed.signal !== "SIGKILL") return [`${where}: the call never came, the run ended with ${killed.code}: ${lastLine(killed)}`];

  const clients = adminClients(emulator.endpoint);
  try {
    if (phase === "setup") {
      const failure = await resumeSetup(emulator, edaHome, stack, resume);
      if (failure) return [`${where}: ${failure}`];
      const { ctx, dispose } = coreContext(emulator.endpoint, stack);
      try {
        const state = await status(ctx);
        if (!state.ok) return [`${where}: after the re-run, status says ${state.summary}`];
      } finally {
        dispose();
      }
    }
    const failure = await resumeTeardown(emulator, edaHome, stack, resume);
    if (failure) return [`${where}: ${failure}`];
    const remaining = await remainingResources(clients, emulatorStack(stack));
    return remaining.length === 0 ? [] : [`${where}: left behind ${remaining.join(", ")}`];
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

/** Every interruption point of `phase`, `parallel` at a time, each on a stack of its own. */
export async function crashMatrix(
  emulator: RunningEmulator,
  edaHome: string,
  options: { phase: Phase; parallel: number; stackPrefix: string; resume: Resume },
): Promise<CrashOutcome> {
  const { phase, parallel, stackPrefix, resume } = options;
  const points = await interruptionPoints(emulator, phase, `${stackPrefix}-ref`);
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < points.length; index = next++) {
      problems.push(...(await exercisePoint(emulator, edaHome, phase, `${stackPrefix}-${index}`, points[index]!, resume)));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { phase, points: points.length, problems };
}
