/**
 * Replaces `console` the way Lambda's Node.js runtime interface client does:
 * every line carries the time, the current request id and the level, in the
 * Text format (`<ISO time>\t<request id>\t<LEVEL>\t<message>`) or the JSON
 * format, filtered by AWS_LAMBDA_LOG_LEVEL. Lines go to the emulator over the
 * log channel; raw writes to stdout/stderr go the same way so that everything
 * a handler prints stays in order. Runs inside the execution environment.
 */
import { writeSync } from "node:fs";
import { format } from "node:util";
import { encodeLogRecord, type LogRecord } from "./log-channel.js";
import { intoError, toFormattedLogText } from "./runtime-errors.js";

interface Level {
  name: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
  priority: number;
}

const LEVELS: Record<Level["name"], Level> = {
  TRACE: { name: "TRACE", priority: 1 },
  DEBUG: { name: "DEBUG", priority: 2 },
  INFO: { name: "INFO", priority: 3 },
  WARN: { name: "WARN", priority: 4 },
  ERROR: { name: "ERROR", priority: 5 },
  FATAL: { name: "FATAL", priority: 6 },
};

let currentRequestId: string | undefined;
let channelFd = -1;
let recordsWritten = 0;
let jsonFormat = false;

export function setCurrentRequestId(requestId: string | undefined): void {
  currentRequestId = requestId;
}

/** How many records this process has written; sent with each completion so none is lost to a race. */
export function logRecordsWritten(): number {
  return recordsWritten;
}

function writeRecord(record: LogRecord): void {
  const bytes = Buffer.from(encodeLogRecord(record), "utf8");
  recordsWritten++;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(channelFd, bytes, offset);
    } catch (error) {
      // A full non-blocking pipe: try again; anything else means the emulator is gone.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return;
    }
  }
}

function jsonErrorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return {
    errorType: value.constructor?.name ?? "UnknownError",
    errorMessage: value.message,
    stackTrace: typeof value.stack === "string" ? value.stack.split("\n") : value.stack,
    ...value,
  };
}

function jsonLine(level: Level, time: string, params: unknown[]): string {
  const entry: Record<string, unknown> = { timestamp: time, level: level.name, requestId: currentRequestId };
  if (params.length === 1) {
    entry.message = params[0];
    try {
      return JSON.stringify(entry, jsonErrorReplacer);
    } catch {
      entry.message = format(params[0]);
      return JSON.stringify(entry);
    }
  }
  entry.message = format(...params);
  const error = params.find((param): param is Error => param instanceof Error);
  if (error) {
    entry.errorType = error.constructor?.name ?? "UnknownError";
    entry.errorMessage = error.message;
    entry.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
  }
  return JSON.stringify(entry);
}

function log(level: Level, params: unknown[]): void {
  const time = new Date().toISOString();
  const text = jsonFormat
    ? jsonLine(level, time, params)
    : `${time}\t${currentRequestId}\t${level.name}\t${format(...params)}\n`;
  writeRecord({ kind: "line", text });
}

/** Installs the patched console and stdout/stderr, writing to the log channel `fd`. */
export function patchConsole(fd: number): void {
  channelFd = fd;
  jsonFormat = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() as Level["name"]] ?? LEVELS.TRACE;
  const at = (level: Level) => (level.priority >= minimum.priority ? (...params: unknown[]) => log(level, params) : () => {});
  const patched = console as Console & { fatal?: (...params: unknown[]) => void };
  patched.trace = at(LEVELS.TRACE);
  patched.debug = at(LEVELS.DEBUG);
  patched.info = at(LEVELS.INFO);
  patched.log = patched.info;
  patched.warn = at(LEVELS.WARN);
  patched.error = at(LEVELS.ERROR);
  patched.fatal = (...params: unknown[]) => log(LEVELS.FATAL, params);

  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | (() => void), callback?: () => void) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
      writeRecord({ kind: "raw", text });
      const done = typeof encoding === "function" ? encoding : callback;
      if (done) process.nextTick(done);
      return true;
    }) as typeof stream.write;
  }
}

/** How the client logs failures: "Invoke Error", "Uncaught Exception", ... */
export function logError(label: string, error: unknown): void {
  if (jsonFormat) console.error(intoError(error));
  else console.error(label, toFormattedLogText(intoError(error)));
}
