/**
 * A ready-pool runner for a dependency graph: every node whose dependencies
 * are done starts at once, up to a concurrency limit. When a node fails, the
 * work already running finishes; what has not started is skipped (or, in
 * "continue-independent" mode, only what depends on the failure is skipped).
 * Cancellation stops new work the same way. Graphs are checked first:
 * unknown dependencies, duplicate ids and cycles are refused.
 */
import { OperationError } from "./errors.js";

export interface GraphNode {
  id: string;
  dependsOn: readonly string[];
}

export type NodeResult<R> =
  | { status: "done"; value: R; durationMs: number }
  | { status: "failed"; error: unknown; durationMs: number }
  | { status: "skipped"; reason: string };

export interface RunGraphOptions<N extends GraphNode, R> {
  /** At most this many nodes run at the same time. */
  concurrency: number;
  clock: { now(): number };
  signal?: AbortSignal;
  /**
   * "stop" (default): after a failure nothing new starts.
   * "continue-independent": nodes that do not depend on a failed node still run
   * (teardown removes as much as it can).
   */
  onFailure?: "stop" | "continue-independent";
  run(node: N, signal: AbortSignal | undefined): Promise<R>;
}

export class GraphError extends OperationError {}

/** Throws GraphError for duplicate ids, unknown dependencies or a cycle (named in order). */
export function validateGraph(nodes: readonly GraphNode[]): void {
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) throw new GraphError(`plan has two nodes with id "${node.id}"`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dependency of node.dependsOn) {
      if (!ids.has(dependency)) throw new GraphError(`"${node.id}" depends on "${dependency}", which is not in the plan`);
    }
  }
  const cycle = findCycle(nodes);
  if (cycle) throw new GraphError(`plan has a dependency cycle: ${cycle.join(" -> ")}`);
}

/** A dependency cycle as a path that starts and ends at the same node, or undefined. */
export function findCycle(nodes: readonly GraphNode[]): string[] | undefined {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const seen = state.get(id);
    if (seen === "done") return undefined;
    if (seen === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Nodes grouped in waves: each wave depends only on earlier ones (the order the runner can reach). */
export function executionWaves<N extends GraphNode>(nodes: readonly N[]): N[][] {
  validateGraph(nodes);
  const waves: N[][] = [];
  const placed = new Set<string>();
  let remaining = [...nodes];
  while (remaining.length > 0) {
    const wave = remaining.filter((node) => node.dependsOn.every((dependency) => placed.has(dependency)));
    for (const node of wave) placed.add(node.id);
    remaining = remaining.filter((node) => !placed.has(node.id));
    waves.push(wave);
  }
  return waves;
}

export async function runGraph<N extends GraphNode, R>(
  nodes: readonly N[],
  options: RunGraphOptions<N, R>,
): Promise<Map<string, NodeResult<R>>> {
  validateGraph(nodes);
  if (options.concurrency < 1) throw new GraphError("concurrency must be at least 1");
  const onFailure = options.onFailure ?? "stop";
  const results = new Map<string, NodeResult<R>>();
  const running = new Set<string>();
  let stopReason: string | undefined;

  return new Promise((resolve) => {
    const failedDependency = (node: N) =>
      node.dependsOn.find((dependency) => {
        const status = results.get(dependency)?.status;
        return status === "failed" || status === "skipped";
      });

    const pump = () => {
      if (options.signal?.aborted) stopReason ??= "interrupted";
      for (const node of nodes) {
        if (results.has(node.id) || running.has(node.id)) continue;
        if (stopReason !== undefined) {
          results.set(node.id, { status: "skipped", reason: stopReason });
          continue;
        }
        const blockedBy = failedDependency(node);
        if (blockedBy !== undefined) {
          results.set(node.id, { status: "skipped", reason: `depends on ${blockedBy}, which did not complete` });
          continue;
        }
        const ready = node.dependsOn.every((dependency) => results.get(dependency)?.status === "done");
        if (ready && running.size < options.concurrency) start(node);
      }
      if (running.size === 0 && results.size < nodes.length) {
        // Skips can unblock nothing new, but they can make dependents skippable: settle them.
        const unsettled = nodes.some((node) => !results.has(node.id) && failedDependency(node) !== undefined);
        if (unsettled) return pump();
      }
      if (running.size === 0 && results.size === nodes.length) {
        options.signal?.removeEventListener("abort", onAbort);
        resolve(results);
      }
    };

    const start = (node: N) => {
      running.add(node.id);
      const started = options.clock.now();
      // A synchronous throw inside `run` becomes a failed node like any rejection.
      Promise.resolve()
        .then(() => options.run(node, options.signal))
        .then(
          (value) => results.set(node.id, { status: "done", value, durationMs: options.clock.now() - started }),
          (error: unknown) => {
            results.set(node.id, { status: "failed", error, durationMs: options.clock.now() - started });
            if (onFailure === "stop") stopReason ??= `not started: ${node.id} failed`;
          },
        )
        .finally(() => {
          running.delete(node.id);
          pump();
        });
    };

    const onAbort = () => pump();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    pump();
  });
}
