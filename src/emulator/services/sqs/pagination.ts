/**
 * ListQueues and ListDeadLetterSourceQueues paging: without MaxResults up to
 * 1,000 results and no token; with MaxResults (1-1,000) a NextToken while more
 * remain. Tokens are opaque to clients; this one names the last queue listed.
 */
import { invalidParameter, invalidParameterValue } from "./errors.js";

const MAX_RESULTS = 1000;

export function paginate(names: string[], maxResults: number | undefined, nextToken: string | undefined) {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > MAX_RESULTS)) {
    throw invalidParameter("MaxResults", maxResults, `MaxResults must be an integer between 1 and ${MAX_RESULTS}.`);
  }
  const sorted = [...names].sort();
  let start = 0;
  if (nextToken !== undefined) {
    const after = decodeToken(nextToken);
    start = sorted.findIndex((name) => name > after);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + (maxResults ?? MAX_RESULTS));
  const more = maxResults !== undefined && start + page.length < sorted.length;
  return { page, nextToken: more ? encodeToken(page[page.length - 1]!) : undefined };
}

function encodeToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), "utf8").toString("base64");
}

function decodeToken(token: string): string {
  try {
    const raw = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    if (typeof raw.after === "string") return raw.after;
  } catch {
    // falls through to the error below
  }
  throw invalidParameterValue("Invalid NextToken value.");
}
