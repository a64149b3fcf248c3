/**
 * Ships one execution environment's log lines to CloudWatch Logs the way
 * Lambda does: through the Logs API, as the function's execution role, into
 * the function's log group and the environment's stream, in batches. If the
 * role may not create the group or write to it, the lines are dropped
 * without failing anything (AWS behaviour) and the emulator's log says why.
 */
import type { InputLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import type { Timer } from "../../clock.js";
import { AwsError } from "../../errors.js";
import type { EnvironmentLogSink } from "../../execution/host/environment.js";
import type { ServiceHub } from "../service.js";
import type { ExecutionRoleSessions } from "./execution-role.js";

/** How long lines wait to be batched with the ones after them. */
const FLUSH_DELAY_MS = 100;
/** PutLogEvents limits: events per call, and bytes (each event counts 26 bytes more). */
const MAX_EVENTS_PER_CALL = 10_000;
const MAX_BYTES_PER_CALL = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
/** CloudWatch's largest event; Lambda truncates longer lines. */
const MAX_EVENT_BYTES = 256 * 1024 - EVENT_OVERHEAD_BYTES;

export interface LogDestination {
  accountId: string;
  region: string;
  roleArn: string;
  functionArn: string;
  functionName: string;
  logGroupName: string;
}

export class FunctionLogStream implements EnvironmentLogSink {
  private buffer: InputLogEvent[] = [];
  private timer: Timer | undefined;
  private sending: Promise<void> = Promise.resolve();
  private streamReady = false;
  private lastProblem: string | undefined;

  constructor(
    private readonly hub: ServiceHub,
    private readonly roleSessions: ExecutionRoleSessions,
    private readonly destination: LogDestination,
    private readonly streamName: string,
  ) {}

  write(message: string): void {
    const bytes = Buffer.from(message, "utf8");
    const text = bytes.length > MAX_EVENT_BYTES ? bytes.subarray(0, MAX_EVENT_BYTES).toString("utf8") : message;
    this.buffer.push({ timestamp: this.hub.clock.now(), message: text });
    if (this.buffer.length >= MAX_EVENTS_PER_CALL) this.flush();
    else this.timer ??= this.hub.clock.setTimer(FLUSH_DELAY_MS, () => this.flush());
  }

  async close(): Promise<void> {
    this.flush();
    await this.sending;
  }

  private flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    this.sending = this.sending.then(() => this.send(events));
  }

  private async send(events: InputLogEvent[]): Promise<void> {
    const { accountId, region, roleArn, functionArn, functionName, logGroupName } = this.destination;
    let principal;
    try {
      principal = await this.roleSessions.principal({ roleArn, functionArn, functionName, region });
    } catch (error) {
      this.dropped(events.length, `the execution role ${roleArn} cannot be assumed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const call = (operation: string, input: object) =>
      this.hub.call({ service: "logs", operation, input, principal, region, accountId });
    try {
      if (!this.streamReady) {
        await call("CreateLogGroup", { logGroupName }).catch((error: unknown) => {
          // An existing group, or one the role may not create but may still write to.
          if (!isAwsError(error, "ResourceAlreadyExistsException", "AccessDeniedException")) throw error;
        });
        await call("CreateLogStream", { logGroupName, logStreamName: this.streamName }).catch((error: unknown) => {
          if (!isAwsError(error, "ResourceAlreadyExistsException")) throw error;
        });
        this.streamReady = true;
      }
      for (const batch of batches(events)) {
        await call("PutLogEvents", { logGroupName, logStreamName: this.streamName, logEvents: batch });
      }
      this.lastProblem = undefined;
    } catch (error) {
      // The group or stream may have been deleted since: set them up again next time.
      if (isAwsError(error, "ResourceNotFoundException")) this.streamReady = false;
      this.dropped(events.length, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  }

  private dropped(count: number, reason: string): void {
    if (reason === this.lastProblem) return;
    this.lastProblem = reason;
    this.hub.log({
      level: "warn",
      message: "function logs dropped",
      function: this.destination.functionName,
      logGroup: this.destination.logGroupName,
      logStream: this.streamName,
      events: count,
      reason,
    });
  }
}

function isAwsError(error: unknown, ...codes: string[]): boolean {
  return error instanceof AwsError && codes.includes(error.code);
}

function* batches(events: InputLogEvent[]): Generator<InputLogEvent[]> {
  let batch: InputLogEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(event.message ?? "") + EVENT_OVERHEAD_BYTES;
    if (batch.length > 0 && (batch.length >= MAX_EVENTS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
