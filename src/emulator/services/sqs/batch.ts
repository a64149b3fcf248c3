/**
 * Rules every batch request shares (SendMessageBatch, DeleteMessageBatch,
 * ChangeMessageVisibilityBatch): 1 to 10 entries with distinct ids of up to
 * 80 alphanumerics, hyphens and underscores; whole-request errors for those,
 * per-entry failures for everything else.
 */
import type { BatchResultErrorEntry } from "@aws-sdk/client-sqs";
import * as schemas from "@aws-sdk/client-sqs";
import { AwsError } from "../../errors.js";
import { queryErrorCode } from "../../sdk-schemas.js";
import { required } from "./errors.js";

const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function validateBatchEntries<E extends { Id?: string }>(entries: E[] | undefined, entryName: string): E[] {
  if (!entries || entries.length === 0) {
    throw new AwsError("EmptyBatchRequest", `There should be at least one ${entryName} in the request.`);
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw new AwsError(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
    );
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = required(entry.Id, `${entryName}.Id`);
    if (!BATCH_ENTRY_ID.test(id)) {
      throw new AwsError(
        "InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
      );
    }
    if (seen.has(id)) throw new AwsError("BatchEntryIdsNotDistinct", `Id ${id} repeated.`);
    seen.add(id);
  }
  return entries;
}

/** A failed entry carries the error's query-protocol code, as SQS has always reported them. */
export function batchFailure(id: string, error: unknown): BatchResultErrorEntry {
  if (!(error instanceof AwsError)) throw error;
  return { Id: id, SenderFault: error.fault === "Sender", Code: queryErrorCode(schemas, error), Message: error.message };
}

/**
 * A batch answer. The model marks Failed required, yet AWS leaves it out when
 * nothing failed (localstack tests/aws/services/sqs/test_sqs.snapshot.json
 * "test_send_message_batch_with_oversized_contents_with_updated_maximum_message_size").
 */
export function batchResult<S>(Successful: S[], Failed: BatchResultErrorEntry[]): { Successful: S[]; Failed: BatchResultErrorEntry[] } {
  return (Failed.length > 0 ? { Successful, Failed } : { Successful }) as { Successful: S[]; Failed: BatchResultErrorEntry[] };
}
