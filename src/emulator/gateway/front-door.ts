/**
 * Who may talk to the emulator at all, decided from the head before
 * anything else: web pages and DNS rebinding are kept out.
 *
 * - Host: only the emulator's own names. A page on attacker.example that
 *   rebinds its name to 127.0.0.1 still sends `Host: attacker.example`.
 *   Allowed: localhost and *.localhost (RFC 6761 keeps them on loopback),
 *   loopback addresses, the address the emulator listens on, the `--host`
 *   given, and subdomains of the names (virtual-hosted S3 buckets).
 * - Browsers: a request that carries an Origin, or that a browser marks as
 *   coming from another site (Sec-Fetch-Site, Referer), is refused unless
 *   `--cors-origin` names that origin; then CORS preflights are answered
 *   and answers carry Access-Control-Allow-Origin. AWS clients send none of
 *   these headers; a URL pasted into the address bar is `Sec-Fetch-Site: none`.
 */
import { isIP } from "node:net";

export interface FrontDoorPolicy {
  /** Host names (lower case, no port) besides loopback ones. */
  hosts: readonly string[];
  /** Origins (scheme://host[:port]) whose pages may call the emulator. */
  corsOrigins: readonly string[];
}

/** Why the Host header is not the emulator's, or undefined when it is. */
export function hostRefusal(hostHeader: string | undefined, policy: FrontDoorPolicy): string | undefined {
  if (!hostHeader) return "the request has no Host header";
  const hostname = hostnameOf(hostHeader);
  if (isOwnHost(hostname, policy)) return undefined;
  return `Host "${hostHeader}" is not an address of this emulator (it answers to loopback names and addresses${policy.hosts.length ? `, ${policy.hosts.join(", ")}` : ""}); to serve another name, start it with --host <name>`;
}

function isOwnHost(hostname: string, policy: FrontDoorPolicy): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  if (isLoopbackAddress(hostname)) return true;
  for (const name of policy.hosts) {
    if (hostname === name) return true;
    if (isIP(name) === 0 && hostname.endsWith(`.${name}`)) return true;
  }
  return false;
}

export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare.startsWith("::ffff:127.");
  return false;
}

/** "Name:port" or "[v6]:port" as the bare lower-case host name (v6 addresses without brackets). */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(1, value.indexOf("]") === -1 ? undefined : value.indexOf("]"));
  const colon = value.lastIndexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

/** The page origin a browser request comes from, when a browser says it comes from another site. */
export function foreignOrigin(headers: Record<string, string | undefined>): string | undefined {
  const origin = headers["origin"];
  if (origin !== undefined) return origin;
  const site = headers["sec-fetch-site"];
  const referer = headers["referer"];
  if (site === "cross-site" || site === "same-site") return referer ? originOf(referer) ?? "an unknown origin" : "an unknown origin";
  return undefined;
}

/** Why a browser request is refused, or undefined when it is not a browser's or its origin is allowed. */
export function originRefusal(headers: Record<string, string | undefined>, policy: FrontDoorPolicy): string | undefined {
  const origin = foreignOrigin(headers);
  if (origin === undefined || policy.corsOrigins.includes(origin)) return undefined;
  return `requests from web pages (${origin}) are refused; to let a page at that origin call the emulator, start it with --cors-origin <origin>`;
}

/** Headers a CORS answer to an allowed origin carries. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": "etag, x-amz-request-id, x-amz-id-2, x-amzn-requestid, x-amz-version-id, x-amz-delete-marker",
    vary: "Origin",
  };
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightHeaders(origin: string, requestHeaders: string | undefined): Record<string, string> {
  return {
    ...corsHeaders(origin),
    "access-control-allow-methods": "GET, HEAD, PUT, POST, DELETE",
    "access-control-allow-headers": requestHeaders ?? "*",
    "access-control-max-age": "600",
  };
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
