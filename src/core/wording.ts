/** Counted nouns and named DLQs, so no line says "1 results" or "the audit DLQs". */

/** "1 result", "2 results"; `many` for irregular plurals. */
export function counted(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "the audit DLQ", "the inventory and audit DLQs". */
export function dlqsOf(consumers: readonly string[]): string {
  return `the ${consumers.join(" and ")} ${consumers.length === 1 ? "DLQ" : "DLQs"}`;
}
