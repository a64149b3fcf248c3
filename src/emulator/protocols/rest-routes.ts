/**
 * Routing for REST protocols: matches method, path template (with {Label}
 * and greedy {Label+}) and required query literals from each operation's
 * `http` trait, preferring the most specific template.
 */
import type { SchemaModule } from "../sdk-schemas.js";
import { operationNames, operationShape } from "./schema.js";

export interface RouteMatch {
  operation: string;
  labels: Record<string, string>;
}

interface Route {
  operation: string;
  method: string;
  segments: string[];
  /** Query keys the template requires, with their literal value ("" = any). */
  queryLiterals: [string, string][];
  specificity: number;
}

const routeCache = new WeakMap<SchemaModule, Route[]>();

function routesOf(module: SchemaModule): Route[] {
  let routes = routeCache.get(module);
  if (!routes) {
    routes = [];
    for (const operation of operationNames(module)) {
      const http = operationShape(module, operation)?.http;
      if (!http) continue;
      const [method, template] = http;
      const [pathPart, queryPart = ""] = template.split("?");
      const segments = pathPart!.split("/").filter((s) => s.length > 0);
      const queryLiterals = queryPart
        .split("&")
        .filter((q) => q.length > 0)
        .map((q) => {
          const [k, v = ""] = q.split("=");
          return [k!, v] as [string, string];
        });
      const literalSegments = segments.filter((s) => !s.startsWith("{")).length;
      routes.push({
        operation,
        method,
        segments,
        queryLiterals,
        specificity: literalSegments * 100 + queryLiterals.length * 10 + segments.length,
      });
    }
    routes.sort((a, b) => b.specificity - a.specificity);
    routeCache.set(module, routes);
  }
  return routes;
}

/**
 * `ignoredQueryKeys` lists literals a client may leave out (S3's synthetic
 * `x-id`, which the SDK sends and botocore does not); they do not make a
 * route more specific. `accepts` narrows the candidates (S3: no bucket-less
 * operation once a bucket is addressed).
 */
export function matchRoute(
  module: SchemaModule,
  method: string,
  path: string,
  query: URLSearchParams,
  ignoredQueryKeys: readonly string[] = [],
  accepts: (operation: string) => boolean = () => true,
): RouteMatch | undefined {
  const requestSegments = path.split("/").filter((s) => s.length > 0);
  let best: { match: RouteMatch; score: number } | undefined;
  for (const route of routesOf(module)) {
    if (route.method !== method || !accepts(route.operation)) continue;
    const ignored = presentLiterals(route, query, ignoredQueryKeys);
    if (ignored === undefined) continue;
    const labels = matchSegments(route.segments, requestSegments);
    if (!labels) continue;
    const score = route.specificity - ignored * 10;
    if (!best || score > best.score) best = { match: { operation: route.operation, labels }, score };
  }
  return best?.match;
}

/** How many of the route's query literals were ignored, or undefined when one the route needs is missing. */
function presentLiterals(route: Route, query: URLSearchParams, ignoredQueryKeys: readonly string[]): number | undefined {
  let ignored = 0;
  for (const [k, v] of route.queryLiterals) {
    if (ignoredQueryKeys.includes(k)) ignored++;
    else if (!query.has(k) || (v !== "" && query.get(k) !== v)) return undefined;
  }
  return ignored;
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i]!;
    if (part.startsWith("{") && part.endsWith("+}")) {
      const rest = actual.slice(i);
      if (rest.length === 0) return undefined;
      labels[part.slice(1, -2)] = rest.map(decodeSegment).join("/");
      return labels;
    }
    const segment = actual[i];
    if (segment === undefined) return undefined;
    if (part.startsWith("{") && part.endsWith("}")) {
      labels[part.slice(1, -1)] = decodeSegment(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return template.length === actual.length ? labels : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
