/** One line per result (or traced record), as `eda upload`, `send` and `tail` show them. Pure. */
import type { EdaResult } from "../../../handlers/shared/result.js";
import type { TraceLine, TraceRecord } from "../../function-shim/trace-format.js";
import { formatBytes } from "../command-options.js";
import { formatMs } from "../test/test-summary.js";

/**
 * "uploads/red flower.txt: 5 B text/plain, sha256 2cf24dba5fb0…, 1 line, 1 word (done 142ms after the S3 event)"
 * "uploads/red flower.txt: ObjectCreated:Put at 2026-01-01T12:00:00.000Z by AIDA… from 127.0.0.1 (done 98ms after the S3 event)"
 * "message msg-1: hi (done 20ms after SQS)" for a body {"id":"msg-1","message":"hi"}
 */
export function resultText(result: EdaResult): string {
  const subject = result.source === "s3" ? result.key : `message ${result.id}`;
  return `${subject}: ${resultDetails(result)} (${timingText(result)})`;
}

function resultDetails(result: EdaResult): string {
  if (result.source === "message") return truncate(messageText(result.message.body), 100);
  const details: string[] = [];
  if (result.inventory) {
    const facts = result.inventory;
    details.push(`${formatBytes(facts.size)} ${facts.contentType}`, `sha256 ${facts.sha256.slice(0, 12)}…`);
    if (facts.lines !== undefined) details.push(plural(facts.lines, "line"), plural(facts.words ?? 0, "word"));
  }
  if (result.audit) {
    const facts = result.audit;
    const who = [facts.principalId ? `by ${facts.principalId}` : "", facts.sourceIp ? `from ${facts.sourceIp}` : ""].filter(Boolean).join(" ");
    details.push(`${facts.eventName} at ${facts.eventTime}${who ? ` ${who}` : ""}`);
    if (facts.versionId) details.push(`version ${facts.versionId}`);
  }
  return details.join(", ");
}

function timingText(result: EdaResult): string {
  const { hops } = result;
  const [start, from] =
    hops.s3EventTime !== null ? [hops.s3EventTime, "the S3 event"] : hops.snsTimestamp !== null ? [hops.snsTimestamp, "SNS"] : [hops.sqsSentTimestamp, "SQS"];
  return `done ${formatMs(hops.handlerEnd - start)} after ${from}${result.receiveCount > 1 ? `, receive #${result.receiveCount}` : ""}`;
}

/** What eda send wrapped as `{"id", "message"}` is shown unwrapped; any other body as it is. */
function messageText(body: string): string {
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const fields = value as Record<string, unknown>;
      if (typeof fields.message === "string" && Object.keys(fields).every((name) => name === "id" || name === "message")) return fields.message;
    }
  } catch {
    // not JSON: shown as it is
  }
  return body;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function truncate(text: string, length: number): string {
  const line = text.replace(/\s+/g, " ");
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}

/** "uploads/a b.txt: ok (done 142ms after the S3 event)", "uploads/bad.txt: failed: TypeError: refusing … (receive #2, 20ms)" */
export function tracedRecordText(line: TraceLine, record: TraceRecord): string {
  const subject = record.keys.length > 0 ? record.keys.join(", ") : `message ${record.id}`;
  const outcome =
    record.outcome === "ok" ? "ok" : record.outcome === "failed" ? `failed: ${line.error?.type ?? "Error"}: ${line.error?.message ?? ""}` : "reported as a batch item failure";
  const [from, what] = record.s3 !== null ? [record.s3, "the S3 event"] : record.sns !== null ? [record.sns, "SNS"] : [record.sent ?? line.start, "SQS"];
  return `${subject}: ${outcome} (done ${formatMs(line.end - from)} after ${what}${record.receive > 1 ? `, receive #${record.receive}` : ""})`;
}
