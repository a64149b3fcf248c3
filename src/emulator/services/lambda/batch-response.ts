/**
 * Which messages of a batch Lambda deletes after an invocation (Lambda SQS
 * error handling): all of them after a success; none after an error,
 * timeout or crash; with ReportBatchItemFailures, all but the ones the
 * function listed in `batchItemFailures`. A response that lists nothing
 * (`{}`, `null`, an empty or null list) is a full success; an unreadable one
 * (invalid JSON, an entry without a non-empty itemIdentifier, or naming a
 * message not in the batch) is a full failure.
 */
import { reportedFailures } from "../../../function-shim/batch-response.js";
import type { InvocationOutcome } from "../../execution/host/environment.js";

export interface BatchMessage {
  MessageId?: string;
  ReceiptHandle?: string;
}

export function messagesToDelete<M extends BatchMessage>(
  outcome: InvocationOutcome,
  batch: readonly M[],
  reportBatchItemFailures: boolean,
): M[] {
  if (outcome.kind === "error") return [];
  if (!reportBatchItemFailures) return [...batch];
  const failed = failedMessageIds(outcome.payload.toString("utf8"), new Set(batch.map((message) => message.MessageId ?? "")));
  if (failed === "all") return [];
  return batch.filter((message) => !failed.has(message.MessageId ?? ""));
}

/** The payload as JSON (nothing is a full success, unparsable text a full failure), read as Lambda reads it. */
function failedMessageIds(text: string, batchIds: ReadonlySet<string>): ReadonlySet<string> | "all" {
  if (text.trim().length === 0) return new Set();
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    return "all";
  }
  return reportedFailures(response, batchIds);
}
