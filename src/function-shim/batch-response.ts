/**
 * Which records a handler's return value reports as failed, read the way
 * Lambda reads a partial batch response (aws-behaviour.md §5.8: the mapping
 * enables ReportBatchItemFailures). Runs inside the function (Node built-ins
 * only); the emulator's event source mappings read responses with it too.
 */

/**
 * No failures for nothing, null, `{}` or an empty or null list; "all" when
 * the response cannot be read as a partial batch response (not an object, a
 * list that is not an array, an entry without a non-empty itemIdentifier or
 * naming a message not in the batch): Lambda then retries the whole batch.
 */
export function reportedFailures(result: unknown, batchIds: ReadonlySet<string>): ReadonlySet<string> | "all" {
  if (result === undefined || result === null) return new Set();
  if (typeof result !== "object" || Array.isArray(result)) return "all";
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return "all";
  const failed = new Set<string>();
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof identifier !== "string" || identifier.length === 0 || !batchIds.has(identifier)) return "all";
    failed.add(identifier);
  }
  return failed;
}
