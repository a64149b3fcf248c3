/**
 * `eda diff` (and `eda setup --dry-run`): what a setup would do to each
 * resource, read-only. Every resource of the plan is read as `eda status`
 * reads it; a missing one would be created, a drifted one updated (each
 * drifted field: current -> planned, policies compared as JSON), the rest
 * left alone; the resources of consumers no longer in the project file
 * would be deleted. Exit 1 when something would change, as `cdk diff --fail` and
 * `terraform plan -detailed-exitcode` let scripts tell.
 */
import { diffJson } from "diff";
import type { CoreContext } from "../context.js";
import { memoizedHandlerCode, packagedHandlerCode } from "../packaging/handler-code.js";
import { openStack } from "../stack/open-stack.js";
import type { FieldChange, HandlerCodeSource } from "../resources/resource.js";
import { resourceName } from "../stack/plan.js";
import { consumerRemoval } from "./setup.js";
import { DEFAULT_CONCURRENCY, stackData, type CoreResult } from "./steps.js";
import { readAll, type ResourceStatus } from "./status.js";

export type DiffAction = "create" | "update" | "delete" | "unchanged" | "unreadable";

export interface ResourceDiff {
  id: string;
  kind: string;
  resource: string;
  action: DiffAction;
  /** Field by field, for drift the resource kind describes that way. */
  changes: FieldChange[];
  /** Drift only words describe ("public access block off: ..."), and why a resource could not be read. */
  notes: string[];
}

export interface DiffOptions {
  concurrency?: number;
  handlerCode?: HandlerCodeSource;
}

export interface DiffResult extends CoreResult {
  /** One line per resource, each change indented below it. */
  lines: string[];
  /** True when a setup would create, update or delete something. */
  changes: boolean;
}

export async function diffStack(ctx: CoreContext, options: DiffOptions = {}): Promise<DiffResult> {
  const session = await openStack(ctx);
  const { plan } = session;
  const { config } = plan;
  const handlerCode = memoizedHandlerCode(options.handlerCode ?? packagedHandlerCode);
  const observations = await readAll(plan.nodes, ctx, handlerCode, options.concurrency ?? DEFAULT_CONCURRENCY);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const removal = await consumerRemoval(ctx, session);
  const deletions = removal.nodes.map((node): ResourceDiff => ({ id: node.id, kind: node.kind, resource: resourceName(node), action: "delete", changes: [], notes: [] }));
  const resources = [...plan.nodes.map((node) => resourceDiff(observations.get(node.id)!)), ...deletions];
  const count = (action: DiffAction) => resources.filter((resource) => resource.action === action).length;

  const lines = [
    `stack ${config.stack}: account ${config.account}, region ${config.region}, endpoint ${session.endpoint}`,
    ...resources.flatMap(describeResourceDiff),
  ];
  const changes = count("create") + count("update") + count("delete") > 0;
  const tally = [
    `${count("create")} to create`,
    `${count("update")} to update`,
    ...(count("delete") > 0 ? [`${count("delete")} to delete (consumers ${removal.consumers.join(", ")}, no longer in the project file)`] : []),
    `${count("unchanged")} unchanged`,
    ...(count("unreadable") > 0 ? [`${count("unreadable")} unreadable`] : []),
  ].join(", ");
  const data = { ...stackData(session), changes, resources };
  if (count("unreadable") > 0) {
    return { ok: false, changes, summary: `stack ${config.stack}: ${tally}; the unreadable ones cannot be compared`, lines, data };
  }
  const summary = changes ? `stack ${config.stack}: ${tally} (eda setup would apply this)` : `stack ${config.stack}: no changes (all ${plan.nodes.length} resources as planned)`;
  return { ok: true, changes, summary, lines, data };
}

function resourceDiff(status: ResourceStatus): ResourceDiff {
  const base = { id: status.id, kind: status.kind, resource: status.resource };
  switch (status.state) {
    case "missing":
      return { ...base, action: "create", changes: [], notes: status.note ? [status.note] : [] };
    case "present":
      return { ...base, action: "unchanged", changes: [], notes: [] };
    case "drifted":
      return { ...base, action: "update", changes: status.changes, notes: status.describedOnly };
    case "error":
      return { ...base, action: "unreadable", changes: [], notes: [status.error ?? "could not be read"] };
  }
}

const MARKS: Record<DiffAction, string> = { create: "+", update: "~", delete: "-", unchanged: "=", unreadable: "?" };

/** `~ update     queue:inventory  queue eda-demo-inventory`, then each change indented below it. */
export function describeResourceDiff(resource: ResourceDiff): string[] {
  const head = `${MARKS[resource.action]} ${resource.action.padEnd(10)} ${resource.id.padEnd(24)} ${resource.resource}`;
  return [head, ...resource.changes.flatMap(describeChange), ...resource.notes.map((note) => `      ${note}`)];
}

/** A scalar as `field: current -> planned`; a document (policy) as a line diff of its JSON. */
export function describeChange(change: FieldChange): string[] {
  const documents = isDocument(change.current) || isDocument(change.planned);
  if (!documents) return [`      ${change.field}: ${scalar(change.current)} -> ${scalar(change.planned)}`];
  const lines = [`      ${change.field}:`];
  for (const part of diffJson(change.current ?? {}, change.planned ?? {})) {
    const mark = part.added ? "+ " : part.removed ? "- " : "  ";
    for (const line of part.value.replace(/\n$/, "").split("\n")) lines.push(`        ${mark}${line}`);
  }
  return lines;
}

function isDocument(value: unknown): boolean {
  return value !== null && typeof value === "object";
}

function scalar(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(unset)";
  return String(value);
}
