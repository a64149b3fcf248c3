/**
 * Message move tasks (DLQ redrive): StartMessageMoveTask moves the messages
 * a dead-letter queue holds when the task starts, oldest first, to
 * DestinationArn or back to each message's original source queue, at most
 * MaxNumberOfMessagesPerSecond, on the injected clock. Status goes RUNNING ->
 * COMPLETED (or CANCELLED, FAILED).
 */
import type { ListMessageMoveTasksResultEntry } from "@aws-sdk/client-sqs";
import type { Timer } from "../../clock.js";
import type { Queue, QueueEnvironment } from "./queue.js";

export type MoveTaskStatus = "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";

/** The rate used when the caller leaves it to SQS ("system optimized"). */
const SYSTEM_OPTIMISED_RATE = 500;
const TICK_MS = 1000;

export class MessageMoveTask {
  readonly taskHandle: string;
  readonly startedAt: number;
  readonly toMove: number;
  status: MoveTaskStatus = "RUNNING";
  moved = 0;
  failureReason: string | undefined;
  private timer: Timer | undefined;

  constructor(
    private readonly source: Queue,
    readonly destinationArn: string | undefined,
    readonly maxPerSecond: number | undefined,
    private readonly env: QueueEnvironment,
  ) {
    this.taskHandle = encodeTaskHandle(env.random.uuid(), source.arn);
    this.startedAt = env.clock.now();
    this.toMove = source.counts().available;
    this.timer = env.clock.setTimer(0, () => this.tick());
  }

  get sourceArn(): string {
    return this.source.arn;
  }

  /** Returns how many messages were moved before the cancellation. */
  cancel(): number {
    this.stop();
    this.status = "CANCELLED";
    return this.moved;
  }

  /** Stops moving (the source queue was deleted or the emulator stops). */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  toListEntry(): ListMessageMoveTasksResultEntry {
    return {
      // Only running tasks expose their handle (ListMessageMoveTasks reference).
      TaskHandle: this.status === "RUNNING" ? this.taskHandle : undefined,
      Status: this.status,
      SourceArn: this.source.arn,
      DestinationArn: this.destinationArn,
      MaxNumberOfMessagesPerSecond: this.maxPerSecond,
      ApproximateNumberOfMessagesMoved: this.moved,
      ApproximateNumberOfMessagesToMove: this.toMove,
      FailureReason: this.failureReason,
      StartedTimestamp: Math.round(this.env.clock.baseTime(this.startedAt)),
    };
  }

  private tick(): void {
    this.timer = undefined;
    if (this.status !== "RUNNING") return;
    let budget = this.maxPerSecond ?? SYSTEM_OPTIMISED_RATE;
    while (budget > 0 && this.moved < this.toMove) {
      const message = this.source.oldestAvailable();
      if (!message) break;
      const destinationArn = this.destinationArn ?? message.deadLetterSourceArn;
      const destination = destinationArn ? this.env.queueByArn(destinationArn) : undefined;
      if (!destination) {
        this.status = "FAILED";
        this.failureReason = destinationArn
          ? "AWS.SimpleQueueService.NonExistentQueue"
          : "The message was not moved here from a source queue; give a DestinationArn to redrive it.";
        this.env.log({ level: "warn", message: "message move task failed", sourceArn: this.source.arn, reason: this.failureReason });
        return;
      }
      this.source.removeMessage(message.messageId);
      destination.acceptRedriven(message);
      this.moved += 1;
      budget -= 1;
    }
    if (this.moved >= this.toMove || !this.source.oldestAvailable()) {
      this.status = "COMPLETED";
      return;
    }
    this.timer = this.env.clock.setTimer(TICK_MS, () => this.tick());
  }
}

/** Task handles name the task and its source queue, so CancelMessageMoveTask can find both. */
function encodeTaskHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn }), "utf8").toString("base64");
}

export function decodeTaskHandle(handle: string): { sourceArn: string } | undefined {
  try {
    const raw = JSON.parse(Buffer.from(handle, "base64").toString("utf8")) as unknown;
    if (raw && typeof raw === "object" && typeof (raw as { sourceArn?: unknown }).sourceArn === "string") {
      return { sourceArn: (raw as { sourceArn: string }).sourceArn };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
