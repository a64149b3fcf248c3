/**
 * `eda demo`: the whole story in one go on an emulator the CLI started for
 * it: setup, test, teardown, each announced, timed and summarised. A failed
 * setup or test still tears down, so the demo leaves nothing behind.
 */
import type { CoreContext } from "../context.js";
import { setup } from "../setup.js";
import { teardown } from "../teardown.js";
import { testRun } from "./test-run.js";
import { formatMs } from "./test-summary.js";

export const DEMO_OBJECTS = 5;

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

const STEP_COUNT = 4;

export async function runDemo(ctx: CoreContext, options: DemoOptions): Promise<DemoResult> {
  const steps = [...options.earlierSteps];
  const run = async (title: string, step: string, body: () => Promise<{ ok: boolean; summary: string; lines?: string[] }>) => {
    options.print("");
    options.print(`step ${steps.length + 1}/${STEP_COUNT}: ${title}`);
    const started = ctx.clock.now();
    const outcome = await body();
    for (const line of outcome.lines ?? []) options.print(line);
    const durationMs = ctx.clock.now() - started;
    options.print(`${outcome.ok ? "✔" : "✖"} ${step}: ${outcome.summary} (${formatMs(durationMs)})`);
    steps.push({ step, ok: outcome.ok, summary: outcome.summary, durationMs });
    return outcome.ok;
  };

  const ready = await run(`eda setup: create the pipeline (stack ${ctx.stack}) in ordered SDK calls`, "setup", () => setup(ctx));
  if (ready) {
    await run(`eda test --count ${DEMO_OBJECTS}: upload objects and prove every hop to both consumers`, "test", () =>
      testRun(ctx, { count: DEMO_OBJECTS, size: 1024, concurrency: DEMO_OBJECTS, poison: 0 }),
    );
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
  await run("eda teardown: delete everything and check that nothing remains", "teardown", () => teardown(ctx));

  const totalMs = ctx.clock.now() - options.startedAt;
  const ok = steps.every((step) => step.ok) && steps.some((step) => step.step === "test");
  options.print("");
  const timings = steps.map((step) => `${step.step} ${formatMs(step.durationMs)}`).join(", ");
  const data = { steps, totalMs };
  if (ok) return { ok, summary: `demo complete in ${formatMs(totalMs)} (${timings}): the pipeline was created, proven and removed`, data };
  const failed = steps.find((step) => !step.ok);
  return { ok, summary: `demo failed at ${failed?.step ?? "setup"} after ${formatMs(totalMs)}: ${failed?.summary ?? "setup did not complete"}`, data };
}
