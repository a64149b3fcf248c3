/**
 * `eda status`: reads every resource of the plan (read-only) and reports it
 * present, missing or drifted, with the live figures that matter: function
 * and mapping states, queue and DLQ depths, and where and as whom it looked.
 */
import { edaCommand } from "../command-line.js";
import type { CoreContext } from "../context.js";
import { resourceName, type PlanNode } from "../stack/plan.js";
import { failureText } from "../aws-errors.js";
import { memoizedHandlerCode, packagedHandlerCode } from "../packaging/handler-code.js";
import { openStack } from "../stack/open-stack.js";
import type { FieldChange, HandlerCodeSource } from "../resources/resource.js";
import type { Consumer } from "../stack/config.js";
import { DEFAULT_CONCURRENCY, readEvery, stackData, type CoreResult, type NodeRead } from "./steps.js";
import { counted } from "../wording.js";

export type ResourceState = "present" | "missing" | "drifted" | "error";

export interface ResourceStatus {
  id: string;
  kind: string;
  resource: string;
  state: ResourceState;
  drift: string[];
  /** The drift field by field, where the resource kind says it that way (for `eda diff`)... */
  changes: FieldChange[];
  /** ...and the drift only words describe ("public access block off: ..."). */
  describedOnly: string[];
  facts: Record<string, string | number | boolean>;
  error?: string;
  /** Why a resource counts as missing although its name is in use. */
  note?: string;
}

export interface StatusOptions {
  concurrency?: number;
  handlerCode?: HandlerCodeSource;
  /** Only these consumers' resources, with the shared ones (bucket, topic, notification); default: every consumer's. */
  consumers?: readonly Consumer[];
}

export interface StatusResult extends CoreResult {
  /** A heading (where and as whom it looked), then the status as a table, one line per resource. */
  lines: string[];
  data: CoreResult["data"] & { resources: ResourceStatus[] };
}

export async function status(ctx: CoreContext, options: StatusOptions = {}): Promise<StatusResult> {
  const session = await openStack(ctx);
  const { plan } = session;
  const { config } = plan;
  const handlerCode = memoizedHandlerCode(options.handlerCode ?? packagedHandlerCode);
  const nodes = options.consumers ? plan.nodes.filter((node) => belongsTo(node, options.consumers!)) : plan.nodes;
  const observations = await readAll(nodes, ctx, handlerCode, options.concurrency ?? DEFAULT_CONCURRENCY);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const resources = nodes.map((node) => observations.get(node.id)!);
  const scope = nodes.length < plan.nodes.length ? ` (shared and ${options.consumers!.join(", ")})` : "";
  const count = (state: ResourceState) => resources.filter((resource) => resource.state === state).length;

  const lines = [
    `stack ${config.stack}: account ${config.account}, region ${config.region}, endpoint ${session.endpoint}, as ${session.callerArn}`,
    ...statusTable(resources),
  ];
  const data = { ...stackData(session), caller: session.callerArn, resources };
  const total = resources.length;
  if (count("missing") === total) {
    return { ok: false, summary: `stack ${config.stack} is not set up in account ${config.account} (${config.region}): run ${edaCommand(ctx, "setup")}`, lines, data };
  }
  const problems = [
    count("missing") > 0 ? `${count("missing")} missing` : "",
    count("drifted") > 0 ? `${count("drifted")} drifted` : "",
    count("error") > 0 ? `${count("error")} unreadable` : "",
  ].filter(Boolean);
  if (problems.length > 0) {
    return { ok: false, summary: `stack ${config.stack}: ${problems.join(", ")} of ${counted(total, "resource")}${scope}: run ${edaCommand(ctx, "setup")} to repair`, lines, data };
  }
  return { ok: true, summary: `stack ${config.stack}: all ${total} resources${scope} present and as planned`, lines, data };
}

/** A consumer's own nodes are `<kind>:<consumer>`; the others are the stack's shared resources. */
function belongsTo(node: PlanNode, consumers: readonly Consumer[]): boolean {
  const colon = node.id.indexOf(":");
  return colon < 0 || consumers.includes(node.id.slice(colon + 1));
}

/** Every node's status, read in parallel; a failed read is reported, not thrown. */
export async function readAll(
  nodes: readonly PlanNode[],
  ctx: CoreContext,
  handlerCode: HandlerCodeSource,
  concurrency: number,
): Promise<Map<string, ResourceStatus>> {
  const reads = await readEvery(nodes, ctx, handlerCode, concurrency);
  return new Map(nodes.map((node) => [node.id, statusOf(node, reads.get(node.id))]));
}

function statusOf(node: PlanNode, read: NodeRead | undefined): ResourceStatus {
  const base = { id: node.id, kind: node.kind, resource: resourceName(node), drift: [], changes: [], describedOnly: [], facts: {} };
  if (!read) return { ...base, state: "error", error: "not read (interrupted)" };
  if ("error" in read) return { ...base, state: "error", error: failureText(read.error) };
  const observed = read.observation;
  if (!observed.exists) return { ...base, state: "missing", ...(observed.note ? { note: observed.note } : {}) };
  const drift = observed.drift.map((entry) => entry.description);
  const changes = observed.drift.flatMap((entry) => entry.changes ?? []);
  const describedOnly = observed.drift.filter((entry) => !entry.changes).map((entry) => entry.description);
  return { ...base, state: drift.length > 0 ? "drifted" : "present", drift, changes, describedOnly, facts: observed.facts };
}

function statusTable(resources: readonly ResourceStatus[]): string[] {
  const rows = resources.map((resource) => [resource.id, resource.state, resource.resource, details(resource)]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), ["RESOURCE", "STATE", "NAME"][column]!.length));
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
      .join("  ")
      .trimEnd();
  return [format(["RESOURCE", "STATE", "NAME", "DETAILS"]), ...rows.map(format)];
}

/** The live figures of a resource, then what drifted. */
function details(resource: ResourceStatus): string {
  const { facts } = resource;
  const parts: string[] = [];
  if (resource.kind === "queue" && resource.state !== "missing") {
    parts.push(`${facts.visible ?? 0} visible, ${facts.inFlight ?? 0} in flight${facts.delayed ? `, ${facts.delayed} delayed` : ""}`);
  }
  if (resource.kind === "function" && facts.state) parts.push(`${facts.state}, last update ${facts.lastUpdateStatus}`);
  if (resource.kind === "event-source-mapping" && facts.state) {
    parts.push(`${facts.state}${facts.lastProcessingResult ? `, last result ${facts.lastProcessingResult}` : ""}`);
  }
  if (resource.note) parts.push(resource.note);
  if (resource.error) parts.push(`error: ${resource.error}`);
  parts.push(...resource.drift);
  return parts.join("; ");
}
