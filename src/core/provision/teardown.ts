/**
 * `eda teardown`: the setup graph with every edge reversed (mappings first,
 * the bucket last), NotFound counted as already deleted, so it works after
 * a partial setup and without any local state: every name derives from the
 * stack, account and region. A failed step does not stop unrelated
 * deletions. It ends by reading every resource again and says what, if
 * anything, remains.
 */
import type { CoreContext } from "../context.js";
import type { StepOutcome } from "../events.js";
import { describePlan, resourceName, reversedNodes, type PlanNode } from "../stack/plan.js";
import { moduleFor } from "../resources/index.js";
import { failureText } from "../aws-errors.js";
import { memoizedHandlerCode, packagedHandlerCode } from "../packaging/handler-code.js";
import { openStack } from "../stack/open-stack.js";
import { resourceEnv } from "../resources/resource-env.js";
import type { HandlerCodeSource } from "../resources/resource.js";
import { findRemovedConsumers } from "../project/removed-consumers.js";
import { runGraph } from "../runner.js";
import { removedConsumerSpec } from "../stack/config.js";
import { DEFAULT_CONCURRENCY, reportSteps, stackData, type SetupResult, type StepReport } from "./steps.js";
import { readAll } from "./status.js";
import { counted } from "../wording.js";

export interface TeardownOptions {
  /** Print what would be deleted, in order, and delete nothing. */
  dryRun?: boolean;
  concurrency?: number;
  /** Asked once, after the account is known and before anything is deleted. */
  confirm?: (question: string) => Promise<boolean>;
  handlerCode?: HandlerCodeSource;
}

export async function teardown(ctx: CoreContext, options: TeardownOptions = {}): Promise<SetupResult> {
  let session = await openStack(ctx);
  // Consumers removed from the project file still have resources: found by tag and name, they go too.
  const removed = await findRemovedConsumers(ctx, session.plan.config);
  if (removed.length > 0) session = await openStack({ ...ctx, consumers: [...ctx.consumers, ...removed.map(removedConsumerSpec)] });
  const { plan } = session;
  const { config } = plan;
  const nodes = reversedNodes(plan.nodes);
  if (options.dryRun) {
    return {
      ok: true,
      summary: `dry run: teardown of stack ${config.stack} would delete up to ${counted(nodes.length, "resource")}; nothing was changed`,
      planText: describePlan(plan, "teardown"),
      data: { ...stackData(session), dryRun: true },
    };
  }
  const question = `Delete every resource of stack ${config.stack} (bucket ${config.bucket.name} with all its objects) in account ${config.account}, ${config.region}?`;
  if (options.confirm && !(await options.confirm(question))) {
    return { ok: false, summary: "teardown cancelled: nothing was deleted", data: { ...stackData(session), cancelled: true } };
  }

  const handlerCode = memoizedHandlerCode(options.handlerCode ?? packagedHandlerCode);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const results = await runGraph(nodes, {
    concurrency,
    clock: ctx.clock,
    signal: ctx.signal,
    onFailure: "continue-independent",
    run: (node) => removeNode(node, ctx, handlerCode),
  });
  const steps = reportSteps(plan.nodes, results, ctx);
  if (ctx.signal.aborted) throw ctx.signal.reason;

  ctx.events.emit({ type: "step-start", id: "verify", kind: "verification", action: "check", message: `checking that nothing of stack ${config.stack} remains` });
  const started = ctx.clock.now();
  const observations = await readAll(plan.nodes, ctx, handlerCode, concurrency);
  const remaining = plan.nodes.filter((node) => observations.get(node.id)?.state !== "missing");
  const remainingNames = remaining.map((node) => `${moduleFor(node).describe(node.props)}${unreadable(observations.get(node.id))}`);
  ctx.events.emit({
    type: "step-end",
    id: "verify",
    kind: "verification",
    outcome: remaining.length === 0 ? "absent" : "failed",
    message: remaining.length === 0 ? `nothing of stack ${config.stack} remains` : `${counted(remaining.length, "resource")} ${remaining.length === 1 ? "remains" : "remain"}`,
    durationMs: ctx.clock.now() - started,
    ...(remaining.length > 0 ? { changes: remainingNames } : {}),
  });

  const deleted = steps.filter((step) => step.outcome === "deleted").length;
  const data = { ...stackData(session), deleted, steps, remaining: remainingNames };
  if (remaining.length > 0) {
    const firstFailure = steps.find((step) => step.outcome === "failed")?.error;
    return {
      ok: false,
      summary: `teardown of stack ${config.stack} incomplete: ${counted(remaining.length, "resource")} ${remaining.length === 1 ? "remains" : "remain"} (${remainingNames.join(", ")})${firstFailure ? `; first failure: ${firstFailure}` : ""}`,
      data,
    };
  }
  const what = deleted === 0 ? "there was nothing to delete" : `deleted ${counted(deleted, "resource")}`;
  return { ok: true, summary: `stack ${config.stack} is gone: ${what}, and nothing of it remains`, data };
}

/** Deletes one resource (NotFound counts as already deleted), reporting it as a step. */
export async function removeNode(node: PlanNode, ctx: CoreContext, handlerCode: HandlerCodeSource): Promise<StepReport> {
  const module = moduleFor(node);
  const label = module.describe(node.props);
  const started = ctx.clock.now();
  ctx.events.emit({ type: "step-start", id: node.id, kind: node.kind, action: "delete", message: label });
  const end = (outcome: StepOutcome, message: string) =>
    ctx.events.emit({ type: "step-end", id: node.id, kind: node.kind, outcome, message, durationMs: ctx.clock.now() - started });
  const report = (outcome: StepOutcome): StepReport => ({ id: node.id, kind: node.kind, resource: resourceName(node), outcome });
  if (!module.remove) {
    end("unchanged", `${label} goes with ${module.removedWith ?? "its parent"}`);
    return report("unchanged");
  }
  try {
    const outcome = await module.remove(node.props, resourceEnv(ctx, { id: node.id, label }, handlerCode));
    end(outcome, outcome === "deleted" ? `${label} deleted` : `${label} already absent`);
    return report(outcome);
  } catch (error) {
    end("failed", `${label}: ${failureText(error)}`);
    throw error;
  }
}

function unreadable(observation: { state: string; error?: string } | undefined): string {
  return observation?.state === "error" ? ` (could not be read: ${observation.error})` : "";
}
