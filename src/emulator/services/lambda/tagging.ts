/** The resources Lambda's tagging operations accept: functions (unqualified) and event source mappings. */
import type { OperationContext } from "../service.js";
import { parseLambdaArn } from "./arns.js";
import { functionNotFound, invalidParameter, resourceNotFound } from "./errors.js";
import { lambdaBackend } from "./store.js";

export interface Taggable {
  tags: Record<string, string>;
}

const MAX_TAGS = 50;

export function taggableResource(ctx: OperationContext, resourceArn: string | undefined): Taggable {
  const parsed = parseLambdaArn(resourceArn ?? "");
  if (!parsed) throw invalidParameter(`${resourceArn} is not a valid Lambda resource ARN.`);
  const region = lambdaBackend(ctx.emulator).region(parsed.accountId, parsed.region);
  if (parsed.kind === "event-source-mapping") {
    const mapping = parsed.region === ctx.region ? region.mappings.get(parsed.uuid) : undefined;
    if (!mapping) throw resourceNotFound();
    return mapping;
  }
  if (parsed.qualifier !== undefined) {
    throw invalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.");
  }
  const fn = parsed.region === ctx.region ? region.functions.get(parsed.name) : undefined;
  if (!fn) throw functionNotFound(resourceArn ?? "");
  return fn;
}

export function applyTags(resource: Taggable, tags: Record<string, string>): void {
  const merged = { ...resource.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  resource.tags = merged;
}
