/**
 * SNS list operations return up to 100 items and an opaque NextToken. Items
 * are ordered by ARN and the token names the last ARN returned, so topics or
 * subscriptions created or deleted between pages never shift the listing.
 */
import { invalidParameter } from "./errors.js";

export const PAGE_SIZE = 100;

export function paginate<T>(
  items: T[],
  arnOf: (item: T) => string,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  const ordered = [...items].sort((a, b) => (arnOf(a) < arnOf(b) ? -1 : arnOf(a) > arnOf(b) ? 1 : 0));
  let start = 0;
  if (nextToken !== undefined) {
    const after = Buffer.from(nextToken, "base64url").toString("utf8");
    if (!after.startsWith("arn:aws:sns:")) throw invalidParameter("NextToken");
    start = ordered.findIndex((item) => arnOf(item) > after);
    if (start === -1) start = ordered.length;
  }
  const page = ordered.slice(start, start + PAGE_SIZE);
  if (start + PAGE_SIZE >= ordered.length) return { page };
  return { page, nextToken: Buffer.from(arnOf(page[page.length - 1]!), "utf8").toString("base64url") };
}
