/**
 * Which service a request is for: the SigV4 credential scope's service name
 * first, then X-Amz-Target, then the path — the order AWS front ends and
 * other emulators use when everything shares one endpoint.
 */
import type { HttpRequest } from "../protocols/http-types.js";

const TARGET_PREFIXES: [string, string][] = [
  ["AmazonSQS.", "sqs"],
  ["Logs_20140328.", "logs"],
];

export function serviceFromUnsignedRequest(request: HttpRequest): string {
  const target = request.headers["x-amz-target"] ?? "";
  for (const [prefix, service] of TARGET_PREFIXES) if (target.startsWith(prefix)) return service;
  if (/^\/20\d\d-\d\d-\d\d\//.test(request.path)) return "lambda";
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const version = new URLSearchParams(request.body.toString("utf8")).get("Version");
    if (version === "2010-03-31") return "sns";
    if (version === "2010-05-08") return "iam";
    if (version === "2011-06-15") return "sts";
    if (version === "2012-11-05") return "sqs";
  }
  return "s3";
}

/** SQS answers in the protocol it was asked in: JSON for new clients, query for old ones. */
export function usesQueryProtocol(request: HttpRequest): boolean {
  const contentType = request.headers["content-type"] ?? "";
  return contentType.startsWith("application/x-www-form-urlencoded") || (!request.headers["x-amz-target"] && request.query.has("Action"));
}
