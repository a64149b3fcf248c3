/**
 * One execution environment's log stream as Lambda writes it: the function's
 * own lines, and the platform's INIT_START, START, END, REPORT and
 * INIT_REPORT lines (Text), or platform.* records (JSON log format, hidden
 * below the system log level INFO). The lines of the invocation in progress
 * are also kept for Invoke's LogType Tail. REPORT's "Max Memory Used" is the
 * runtime's peak resident memory, which it sends with each Runtime API call.
 */
import type { Clock } from "../../clock.js";
import { MAX_RSS_HEADER } from "../child/log-channel.js";
import type { EnvironmentLogSink, EnvironmentSpec } from "./environment.js";

export interface InvocationReport {
  requestId: string;
  durationMs: number;
  /** Only for the first invocation of an environment (a cold start). */
  initDurationMs: number | undefined;
  kind: "success" | "error";
  errorType: string | undefined;
}

export class PlatformLog {
  private readonly partialLines = new Map<string, string>();
  /** The invocation in progress's lines, from START on. */
  private invocationLines: string[] | undefined;
  private maxMemoryUsedMb = 0;
  private closed = false;

  constructor(
    private readonly spec: EnvironmentSpec,
    private readonly clock: Clock,
    private readonly sink: EnvironmentLogSink,
  ) {}

  /** A complete line (or lines) of the function's output. */
  write(message: string): void {
    if (this.closed) return;
    this.sink.write(message);
    this.invocationLines?.push(message);
  }

  /** Raw output: complete lines are written now, a partial one waits for the rest. */
  raw(source: string, text: string): void {
    const lines = ((this.partialLines.get(source) ?? "") + text).split("\n");
    this.partialLines.set(source, lines.pop() ?? "");
    for (const line of lines) this.write(`${line}\n`);
  }

  initStart(runtimeVersion: string): void {
    this.platform(`INIT_START Runtime Version: ${runtimeVersion}\tRuntime Version ARN: ${this.spec.runtimeVersionArn}`);
  }

  initReport(durationMs: number, status: "error" | "timeout", errorType?: string): void {
    this.platform(
      `INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\tStatus: ${status}` + (errorType ? `\tError Type: ${errorType}` : ""),
    );
  }

  /** START: from here on, lines belong to the invocation. */
  start(requestId: string): void {
    this.invocationLines = [];
    this.platform(`START RequestId: ${requestId} Version: ${this.spec.version}`, {
      type: "platform.start",
      record: { requestId, version: this.spec.version },
    });
  }

  /** END and REPORT; returns the invocation's lines, START to REPORT. */
  end(report: InvocationReport): string {
    this.flushPartialLines();
    const { requestId, durationMs, initDurationMs: initMs, kind, errorType } = report;
    const billedMs = Math.max(1, Math.ceil(durationMs));
    const memorySize = this.spec.memorySize;
    this.platform(`END RequestId: ${requestId}`);
    this.platform(
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${memorySize} MB\tMax Memory Used: ${this.maxMemoryUsedMb} MB\t` +
        (initMs !== undefined ? `Init Duration: ${initMs.toFixed(2)} ms\t` : ""),
      {
        type: "platform.report",
        record: {
          requestId,
          metrics: {
            durationMs: round2(durationMs),
            billedDurationMs: billedMs,
            memorySizeMB: memorySize,
            maxMemoryUsedMB: this.maxMemoryUsedMb,
            ...(initMs !== undefined ? { initDurationMs: round2(initMs) } : {}),
          },
          status: kind === "success" ? "success" : errorType === "Sandbox.Timedout" ? "timeout" : "error",
          ...(kind === "error" && errorType ? { errorType } : {}),
        },
      },
    );
    const lines = this.invocationLines ?? [];
    this.invocationLines = undefined;
    return lines.join("");
  }

  /** Notes the peak memory a Runtime API call reported. */
  noteMemory(headers: Record<string, string>): void {
    const memoryKb = Number(headers[MAX_RSS_HEADER]);
    if (Number.isFinite(memoryKb) && memoryKb > 0) this.maxMemoryUsedMb = Math.ceil(memoryKb / 1024);
  }

  /** Writes nothing more; flushes what the sink holds. */
  close(): Promise<void> {
    this.closed = true;
    return this.sink.close();
  }

  /** Platform lines in the function's log format (Text lines, or JSON records). */
  private platform(text: string, json?: { type: string; record: object }): void {
    if (this.spec.logFormat === "JSON") {
      // System log level WARN and above hides the platform's INFO records.
      const level = this.spec.systemLogLevel;
      if (!json || (level !== undefined && level !== "DEBUG" && level !== "INFO")) return;
      this.write(`${JSON.stringify({ time: new Date(this.clock.now()).toISOString(), ...json })}\n`);
    } else {
      this.write(`${text}\n`);
    }
  }

  private flushPartialLines(): void {
    for (const [source, partial] of this.partialLines) {
      if (partial.length > 0) this.write(`${partial}\n`);
      this.partialLines.set(source, "");
    }
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
