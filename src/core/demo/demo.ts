/**
 * `eda demo`: the whole story in one go on an emulator the CLI started for
 * it, its queue time 60x faster: setup, a test with one poisoned object that
 * ends up in both DLQs, that object cured and redriven, teardown; each step
 * announced, timed and summarised. A failed step still tears down, so the
 * demo leaves nothing behind.
 */
import type { CoreContext } from "../context.js";
import { setup } from "../provision/setup.js";
import { teardown } from "../provision/teardown.js";
import { cureAndRedrive } from "./poison-redrive.js";
import { testRun } from "../test/test-run.js";
import { formatMs } from "../test/test-summary.js";

export const DEMO_OBJECTS = 5;
export const DEMO_POISONED_OBJECTS = 1;
/** A minute of queue time per second: the stack's 5 receives x 180 s visibility timeout take 15 s. */
export const DEMO_TIME_SCALE = 60;
const REDRIVE_TIMEOUT_MS = 30_000;

export interface DemoStep {
  step: string;
  ok: boolean;
  summary: string;
  durationMs: number;
}

export interface DemoResult {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

export interface DemoOptions {
  print(line: string): void;
  /** Steps done before the core took over (starting the emulator). */
  earlierSteps: DemoStep[];
  startedAt: number;
}

export const DEMO_STEP_COUNT = 5;

export async function runDemo(ctx: CoreContext, options: DemoOptions): Promise<DemoResult> {
  const steps = [...options.earlierSteps];
  const run = async (title: string, step: string, body: () => Promise<{ ok: boolean; summary: string; lines?: string[] }>) => {
    options.print("");
    options.print(`step ${steps.length + 1}/${DEMO_STEP_COUNT}: ${title}`);
    const started = ctx.clock.now();
    const outcome = await body();
    for (const line of outcome.lines ?? []) options.print(line);
    const durationMs = ctx.clock.now() - started;
    options.print(`${outcome.ok ? "✔" : "✖"} ${step}: ${outcome.summary} (${formatMs(durationMs)})`);
    steps.push({ step, ok: outcome.ok, summary: outcome.summary, durationMs });
    return outcome.ok;
  };

  const ready = await run(`eda setup: create the pipeline (stack ${ctx.stack}) in ordered SDK calls`, "setup", () => setup(ctx));
  const tested =
    ready &&
    (await run(
      `eda test --count ${DEMO_OBJECTS} --poison ${DEMO_POISONED_OBJECTS}: upload objects, prove every hop to both consumers, and see the poisoned one fail into both DLQs`,
      "test",
      () => testRun(ctx, { count: DEMO_OBJECTS, size: 1024, concurrency: DEMO_OBJECTS, poison: DEMO_POISONED_OBJECTS }),
    ));
  if (tested) {
    await run("remove the poison marker and eda dlq redrive: the consumers now process the object", "redrive", () =>
      cureAndRedrive(ctx, { timeoutMs: REDRIVE_TIMEOUT_MS }),
    );
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
  await run("eda teardown: delete everything and check that nothing remains", "teardown", () => teardown(ctx));

  const totalMs = ctx.clock.now() - options.startedAt;
  const ok = steps.every((step) => step.ok) && steps.some((step) => step.step === "redrive");
  options.print("");
  const timings = steps.map((step) => `${step.step} ${formatMs(step.durationMs)}`).join(", ");
  const data = { steps, totalMs };
  if (ok) return { ok, summary: `demo complete in ${formatMs(totalMs)} (${timings}): the pipeline was created, proven (a poisoned object dead-lettered, cured and redriven) and removed`, data };
  const failed = steps.find((step) => !step.ok);
  return { ok, summary: `demo failed at ${failed?.step ?? "setup"} after ${formatMs(totalMs)}: ${failed?.summary ?? "setup did not complete"}`, data };
}
