/**
 * What setup, teardown, status and diff share about the steps they run: how
 * many at once, the report of each, and the stack's identifying data.
 */
import { failureText } from "../aws-errors.js";
import type { CoreContext } from "../context.js";
import type { StepOutcome } from "../events.js";
import { moduleFor } from "../resources/index.js";
import { resourceEnv } from "../resources/resource-env.js";
import type { HandlerCodeSource, Observation } from "../resources/resource.js";
import { runGraph, type NodeResult } from "../runner.js";
import type { StackSession } from "../stack/open-stack.js";
import { resourceName, type PlanNode } from "../stack/plan.js";

/** Enough parallelism to overlap IAM and Lambda waits, few enough calls at once to stay clear of throttling. */
export const DEFAULT_CONCURRENCY = 6;

export interface StepReport {
  id: string;
  kind: string;
  resource: string;
  outcome: StepOutcome;
  changes?: string[];
  error?: string;
}

export interface CoreResult {
  ok: boolean;
  summary: string;
  data: Record<string, unknown>;
}

/** What setup and teardown return. */
export interface SetupResult extends CoreResult {
  /** The plan as text (--dry-run): every resource, the order, every policy document. */
  planText?: string[];
}

export function step(node: PlanNode, outcome: StepOutcome): StepReport {
  return { id: node.id, kind: node.kind, resource: resourceName(node), outcome };
}

/** One report per node, in plan order; skipped nodes get their step-end event here. */
export function reportSteps(nodes: readonly PlanNode[], results: Map<string, NodeResult<StepReport>>, ctx: CoreContext): StepReport[] {
  return nodes.map((node) => {
    const result = results.get(node.id);
    if (result?.status === "done") return result.value;
    if (result?.status === "failed") return { ...step(node, "failed"), error: `${moduleFor(node).describe(node.props)}: ${failureText(result.error)}` };
    const reason = result?.reason ?? "not run";
    ctx.events.emit({ type: "step-end", id: node.id, kind: node.kind, outcome: "skipped", message: `${moduleFor(node).describe(node.props)} skipped: ${reason}`, durationMs: 0 });
    return { ...step(node, "skipped"), error: reason };
  });
}

export function stackData(session: StackSession): Record<string, unknown> {
  const { config } = session.plan;
  return {
    stack: config.stack,
    account: config.account,
    region: config.region,
    endpoint: session.endpoint,
    bucket: config.bucket.name,
    topicArn: config.topic.arn,
  };
}

/** What reading one resource gave: what is there, or why it could not be read. */
export type NodeRead = { observation: Observation } | { error: unknown };

/**
 * Reads every node in parallel (reads have no order). A failed read is
 * reported, not thrown; a node missing from the answer was not read (Ctrl-C).
 */
export async function readEvery(
  nodes: readonly PlanNode[],
  ctx: CoreContext,
  handlerCode: HandlerCodeSource,
  concurrency: number,
): Promise<Map<string, NodeRead>> {
  const reads = new Map<string, NodeRead>();
  await runGraph(
    nodes.map((node) => ({ ...node, dependsOn: [] })),
    {
      concurrency,
      clock: ctx.clock,
      signal: ctx.signal,
      onFailure: "continue-independent",
      run: async (node) => {
        const module = moduleFor(node);
        try {
          reads.set(node.id, { observation: await module.read(node.props, resourceEnv(ctx, { id: node.id, label: module.describe(node.props) }, handlerCode)) });
        } catch (error) {
          reads.set(node.id, { error });
        }
      },
    },
  );
  return reads;
}
