/**
 * The framing of log records an execution environment sends to the emulator
 * on file descriptor 3 (Lambda's telemetry descriptor plays the same role):
 * one JSON object per line, so multi-line console messages stay one event.
 * Shared by the child (writer) and the emulator (reader).
 */
export const LOG_CHANNEL_FD = 3;

export type LogRecord =
  /** One formatted console line, ready to be a log event. */
  | { kind: "line"; text: string }
  /** Raw bytes user code wrote to stdout or stderr; split into lines by the reader. */
  | { kind: "raw"; text: string };

/** Header with which the child tells how many records it wrote before completing an invocation. */
export const LOG_RECORDS_HEADER = "x-eda-log-records";
/** Header with the child's peak resident memory, for the REPORT line's "Max Memory Used". */
export const MAX_RSS_HEADER = "x-eda-max-rss-kb";

export function encodeLogRecord(record: LogRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** Splits a stream of framed records; keeps a partial last line for the next chunk. */
export class LogRecordDecoder {
  private pending = "";

  push(chunk: string): LogRecord[] {
    this.pending += chunk;
    const lines = this.pending.split("\n");
    this.pending = lines.pop() ?? "";
    const records: LogRecord[] = [];
    for (const line of lines) {
      if (line.length === 0) continue;
      try {
        records.push(JSON.parse(line) as LogRecord);
      } catch {
        // Not written by the runtime client (user code wrote to fd 3 itself): keep it as raw output.
        records.push({ kind: "raw", text: `${line}\n` });
      }
    }
    return records;
  }
}
