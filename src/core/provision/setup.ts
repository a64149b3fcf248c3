/**
 * `eda setup`: runs the plan with the ready-pool runner. Every step reads
 * before it writes: missing resources are created, drifted ones repaired,
 * correct ones left alone. So a re-run converges whatever stopped the last
 * one (Ctrl-C, SIGKILL, a network error), and a run with nothing to do says
 * "no changes".
 */
import { errorName, failureText, isAwsError } from "../aws-errors.js";
import { edaCommand } from "../command-line.js";
import type { CoreContext } from "../context.js";
import type { StepOutcome } from "../events.js";
import { memoizedHandlerCode, packagedHandlerCode } from "../packaging/handler-code.js";
import { findRemovedConsumers } from "../project/removed-consumers.js";
import { moduleFor } from "../resources/index.js";
import { resourceEnv } from "../resources/resource-env.js";
import { waitsOf, type HandlerCodeSource, type Observation } from "../resources/resource.js";
import { runGraph } from "../runner.js";
import { removedConsumerSpec, stackConfig, type StackConfig } from "../stack/config.js";
import { openStack, type StackSession } from "../stack/open-stack.js";
import { buildPlan, describePlan, policyDocuments, resourceName, reversedNodes, type PlanNode } from "../stack/plan.js";
import { retryTransient, type WaitPolicy } from "../waits.js";
import { counted } from "../wording.js";
import { DEFAULT_CONCURRENCY, readEvery, reportSteps, stackData, step, type NodeRead, type SetupResult, type StepReport } from "./steps.js";
import { removeNode } from "./teardown.js";

/** How long a step keeps converging while another run changes the same resource. */
const CONCURRENT_CHANGE: WaitPolicy = { timeoutMs: 60_000, initialDelayMs: 200, maxDelayMs: 2_000 };

/** Reads need no waits and run before any change: more of them at once. */
const READ_AHEAD_CONCURRENCY = 12;

export interface SetupOptions {
  /** Print the plan and change nothing. */
  dryRun?: boolean;
  concurrency?: number;
  /** Where function code comes from; the packaged consumers by default. */
  handlerCode?: HandlerCodeSource;
  /**
   * Asked once, before any change, when consumers no longer in the project
   * still have resources. Without it such consumers are not deleted and setup
   * stops before changing anything.
   */
  confirmRemoval?: (question: string) => Promise<boolean>;
}

export async function setup(ctx: CoreContext, options: SetupOptions = {}): Promise<SetupResult> {
  const session = await openStack(ctx);
  const { plan } = session;
  const { config } = plan;
  warnAboutWildcards(ctx, config);
  const removal = await consumerRemoval(ctx, session);
  if (options.dryRun) {
    return {
      ok: true,
      summary: `dry run: stack ${config.stack} has ${counted(plan.nodes.length, "resource")}${removal.nodes.length > 0 ? `, ${removal.nodes.length} more to delete` : ""}; nothing was changed`,
      planText: describePlan(plan, "setup"),
      data: { ...stackData(session), dryRun: true, plan: plan.nodes.map(planEntry), ...(removal.consumers.length > 0 ? { removedConsumers: removal.consumers } : {}) },
    };
  }

  const handlerCode = memoizedHandlerCode(options.handlerCode ?? packagedHandlerCode);
  // Package every consumer before any change: a missing bundle or a compile error is the user's to fix (exit 2), not a half-made stack.
  await Promise.all(Object.values(config.consumerSpecs).map((consumer) => handlerCode(consumer)));
  if (removal.nodes.length > 0) {
    for (const node of removal.nodes) ctx.events.emit({ type: "info", message: `to delete: ${describeNode(node)}` });
    const which = removal.consumers.length === 1 ? `consumer ${removal.consumers[0]}` : `consumers ${removal.consumers.join(", ")}`;
    const question = `Delete ${which} (no longer in the project file): the ${removal.nodes.length} resources listed above?`;
    if (!options.confirmRemoval || !(await options.confirmRemoval(question))) {
      return { ok: false, summary: `setup cancelled: ${which} would be deleted; nothing was changed`, data: { ...stackData(session), cancelled: true, removedConsumers: removal.consumers } };
    }
  }
  // Every resource is read at once first: a re-run with nothing to change needs no more than that one round.
  // A read that failed (a policy of a queue not made yet) is left out: its step reads again in order.
  const readsBefore = await readEvery(plan.nodes, ctx, handlerCode, Math.max(READ_AHEAD_CONCURRENCY, options.concurrency ?? DEFAULT_CONCURRENCY));
  const outcomes = new Map<string, StepOutcome>();
  const results = await runGraph(plan.nodes, {
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    clock: ctx.clock,
    signal: ctx.signal,
    run: async (node) => {
      // What was read ahead still holds unless something it depends on changed since.
      const unchangedAround = node.dependsOn.every((id) => outcomes.get(id) === "unchanged");
      const report = await ensureNode(node, ctx, handlerCode, unchangedAround ? observationOf(readsBefore.get(node.id)) : undefined);
      outcomes.set(node.id, report.outcome);
      return report;
    },
  });
  let steps = reportSteps(plan.nodes, results, ctx);
  // Removed consumers go once the stack is as planned: a failed setup keeps them for the next run.
  if (removal.nodes.length > 0 && steps.every((step) => step.outcome !== "failed" && step.outcome !== "skipped")) {
    const removed = await runGraph(removal.nodes, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      clock: ctx.clock,
      signal: ctx.signal,
      onFailure: "continue-independent",
      run: (node) => removeNode(node, ctx, handlerCode),
    });
    steps = [...steps, ...reportSteps(removal.nodes, removed, ctx)];
  }

  const count = (outcome: StepOutcome) => steps.filter((step) => step.outcome === outcome).length;
  if (ctx.signal.aborted) {
    const done = `created ${count("created")} of ${counted(steps.length, "resource")} (${count("updated")} updated, ${count("unchanged")} unchanged, ${count("skipped")} not started)`;
    ctx.events.emit({ type: "warning", message: `stopped: setup of stack ${config.stack} ${done}; run ${edaCommand(ctx, "setup")} again to finish` });
    throw ctx.signal.reason;
  }

  const failed = steps.filter((step) => step.outcome === "failed");
  const data = { ...stackData(session), changed: count("created") + count("updated") + count("deleted") > 0, steps };
  if (failed.length > 0) {
    const first = failed[0]!;
    const more = failed.length > 1 ? ` (and ${counted(failed.length - 1, "more failure", "more failures")})` : "";
    const skipped = count("skipped") > 0 ? `; ${counted(count("skipped"), "step")} skipped, run ${edaCommand(ctx, "setup")} again once fixed` : "";
    return { ok: false, summary: `setup of stack ${config.stack} failed: ${first.error}${more}${skipped}`, data };
  }
  if (!data.changed) {
    return { ok: true, summary: `stack ${config.stack}: no changes (all ${steps.length} resources already as planned)`, data };
  }
  const parts = [`created ${count("created")}`, `updated ${count("updated")}`, `unchanged ${count("unchanged")}`];
  if (removal.consumers.length > 0) parts.push(`deleted ${count("deleted")} (consumers ${removal.consumers.join(", ")})`);
  return { ok: true, summary: `stack ${config.stack} is ready: ${parts.join(", ")}`, data };
}

function observationOf(read: NodeRead | undefined): Observation | undefined {
  return read && "observation" in read ? read.observation : undefined;
}

/**
 * Reads the resource, then creates it, repairs its drift, or leaves it alone
 * (one setup step). `observed` is a read made moments ago, used instead of
 * the first read.
 */
export async function ensureNode(node: PlanNode, ctx: CoreContext, handlerCode: HandlerCodeSource, observed?: Observation): Promise<StepReport> {
  const module = moduleFor(node);
  const label = module.describe(node.props);
  const env = resourceEnv(ctx, { id: node.id, label }, handlerCode);
  const started = ctx.clock.now();
  ctx.events.emit({ type: "step-start", id: node.id, kind: node.kind, action: "check", message: label });
  const end = (outcome: StepOutcome, message: string, changes?: string[]) =>
    ctx.events.emit({ type: "step-end", id: node.id, kind: node.kind, outcome, message, durationMs: ctx.clock.now() - started, ...(changes ? { changes } : {}) });
  // A retry after a concurrent change always reads again.
  let readAlready = observed;
  try {
    // Two setups of one stack at once race on each resource: the loser of a create or an update
    // reads again and converges on what the winner made, instead of failing.
    const converged = await retryTransient(
      `${label} to settle`,
      async () => {
        const observation = readAlready ?? (await module.read(node.props, env));
        readAlready = undefined;
        if (!observation.exists) {
          env.progress("creating");
          await module.create(node.props, env);
          return { outcome: "created" as const, changes: undefined };
        }
        if (observation.drift.length === 0) return { outcome: "unchanged" as const, changes: undefined };
        for (const drift of observation.drift) {
          env.progress(`repairing: ${drift.description}`);
          await drift.repair();
        }
        return { outcome: "updated" as const, changes: observation.drift.map((drift) => drift.description) };
      },
      concurrentChange,
      CONCURRENT_CHANGE,
      waitsOf(env, "retrying"),
    );
    end(converged.outcome, `${label} ${converged.outcome}`, converged.changes);
    return { ...step(node, converged.outcome), ...(converged.changes ? { changes: converged.changes } : {}) };
  } catch (error) {
    end("failed", `${label}: ${failureText(error)}`);
    throw error;
  }
}

/** The resources of consumers no longer in the project, in deletion order (the setup graph's edges reversed). */
export async function consumerRemoval(ctx: CoreContext, session: StackSession): Promise<{ consumers: string[]; nodes: PlanNode[] }> {
  const { config } = session.plan;
  // Only a project file's consumers come and go; the built-in pair is fixed, so setup without a
  // project file needs no list permissions and behaves as it always has.
  if (ctx.consumers.every((consumer) => consumer.code.kind === "builtin")) return { consumers: [], nodes: [] };
  const consumers = await findRemovedConsumers(ctx, config);
  if (consumers.length === 0) return { consumers, nodes: [] };
  const removedConfig = stackConfig({ stack: config.stack, account: config.account, region: config.region, consumers: consumers.map(removedConsumerSpec) });
  const ownNodes = buildPlan(removedConfig).nodes.filter((node) => consumers.some((consumer) => node.id.endsWith(`:${consumer}`)));
  const nodes = reversedNodes(ownNodes).filter((node) => moduleFor(node).remove !== undefined);
  const kept = new Set(nodes.map((node) => node.id));
  return { consumers, nodes: nodes.map((node) => ({ ...node, dependsOn: node.dependsOn.filter((id) => kept.has(id)) })) };
}

function describeNode(node: PlanNode): string {
  return moduleFor(node).describe(node.props);
}

/** Raw statements are the user's: say when they grant every action or every resource. */
function warnAboutWildcards(ctx: CoreContext, config: StackConfig): void {
  for (const spec of Object.values(config.consumerSpecs)) {
    spec.statements.forEach((statement, index) => {
      const { Action, Resource, Effect } = statement as { Action?: string | string[]; Resource?: string | string[]; Effect?: string };
      if (Effect !== "Allow") return;
      const wild = [...[Action ?? []].flat().filter((action) => action.includes("*")), ...[Resource ?? []].flat().filter((resource) => resource.includes("*"))];
      if (wild.length > 0) {
        ctx.events.emit({ type: "warning", message: `consumer ${spec.name}: statements[${index}] uses wildcards (${wild.join(", ")}): least privilege names exact actions and ARNs` });
      }
    });
  }
}

/** Another run creating or changing the same resource right now (AWS's "already exists" and "conflict" errors). */
function concurrentChange(error: unknown): string | undefined {
  return isAwsError(
    error,
    "EntityAlreadyExists",
    "EntityAlreadyExistsException",
    "ConcurrentModification",
    "ConcurrentModificationException",
    "ResourceConflictException",
    "ResourceAlreadyExistsException",
    "BucketAlreadyOwnedByYou",
    "OperationAborted",
    "ConcurrentChange",
  )
    ? `changed by another run at the same moment (${errorName(error)}): reading it again`
    : undefined;
}

function planEntry(node: PlanNode): Record<string, unknown> {
  const documents = policyDocuments(node);
  return {
    id: node.id,
    kind: node.kind,
    resource: resourceName(node),
    dependsOn: node.dependsOn,
    props: node.props,
    ...(Object.keys(documents).length > 0 ? { policies: documents } : {}),
  };
}
