/** The resources Lambda's tagging operations accept: functions (unqualified) and event source mappings. */
import type { OperationContext } from "../service.js";
import { parseLambdaArn } from "./arns.js";
import { functionNotFound, invalidParameter, resourceNotFound, validationError } from "./errors.js";
import { lambdaBackend } from "./store.js";

export interface Taggable {
  tags: Record<string, string>;
}

const MAX_TAGS = 50;

/** The model's pattern for taggable resources, quoted in the answer (test_lambda_api.snapshot.json "test_tag_exceptions"). */
const RESOURCE_PATTERN =
  "arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)";

export function taggableResource(ctx: OperationContext, resourceArn: string | undefined): Taggable {
  const parsed = parseLambdaArn(resourceArn ?? "");
  if (!parsed) throw validationError("resource", resourceArn, `Member must satisfy regular expression pattern: ${RESOURCE_PATTERN}`);
  const region = lambdaBackend(ctx.hub).region(parsed.accountId, parsed.region);
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
