/**
 * HTTP routes that are not AWS APIs: the Lambda Runtime API, the code
 * download links, SNS's unsigned subscription links, the admin API. Services
 * add them to the hub's registry; the gateway asks it which route, if any,
 * owns a request. Kept apart from the gateway so that services never import it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a raw route may look at to tell whether a request is its own. */
export type RawRouteRequest = Pick<IncomingMessage, "method" | "headers">;

/** Requests under these paths bypass SigV4. */
export interface RawRoute {
  prefix: string;
  /** Narrows the route to some requests under its prefix (SNS's unsigned links share "/" with the APIs). */
  accepts?(request: RawRouteRequest, url: URL): boolean;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void | Promise<void>;
}

export class RawRoutes {
  private readonly routes: RawRoute[] = [];

  add(route: RawRoute): void {
    this.routes.push(route);
  }

  /** The most specific prefix wins (/_eda/lambda-runtime/ over the admin API's /_eda/). */
  routeFor(request: RawRouteRequest, url: URL): RawRoute | undefined {
    let best: RawRoute | undefined;
    for (const route of this.routes) {
      if (best && best.prefix.length >= route.prefix.length) continue;
      if (url.pathname.startsWith(route.prefix) && (route.accepts?.(request, url) ?? true)) best = route;
    }
    return best;
  }
}
