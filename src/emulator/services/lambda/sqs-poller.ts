/**
 * One poller of an SQS event source mapping: long-polls the queue through
 * the SQS API as the function's execution role, gathers up to BatchSize
 * messages within the batching window, invokes the function with the SQS
 * event, and deletes what succeeded. What failed stays in the queue and
 * becomes visible again after the queue's visibility timeout (and moves to
 * the dead-letter queue after maxReceiveCount receives).
 *
 * A long poll cannot be called back: a poller stopped meanwhile (the mapping
 * was disabled or scaled down) finishes it, delivers what it got if the
 * mapping delivers by then (it was re-enabled), and otherwise drops the
 * batch, whose messages reappear after the visibility timeout.
 */
import type { DeleteMessageBatchCommandOutput, Message, ReceiveMessageCommandOutput } from "@aws-sdk/client-sqs";
import type { RoleSessionPrincipal } from "../../policy/principal.js";
import type { ServiceHub } from "../service.js";
import { queueUrlForArn } from "../../queue-address.js";
import { parseLambdaArn } from "./arns.js";
import { messagesToDelete } from "./batch-response.js";
import type { ExecutionRoleSessions } from "./execution-role.js";
import { invocationRequest } from "./invocation.js";
import type { LambdaFunction } from "./lambda-function.js";
import { sqsEvent } from "./sqs-event.js";
import type { MappingSettings } from "./mapping-settings.js";

/** The longest long poll SQS allows. */
const MAX_WAIT_SECONDS = 20;
/** After a failed poll (queue gone, access denied), wait before trying again (in queue time, like the batching window). */
const RETRY_DELAY_MS = 5_000;
/** A batch's payload stays under Lambda's 6 MB invocation limit (with room for the record wrapping). */
const MAX_BATCH_BODY_BYTES = 5 * 1024 * 1024;

/** What a poller needs of the mapping it polls for (EventSourceMapping). */
export interface PolledMapping {
  readonly uuid: string;
  readonly eventSourceArn: string;
  readonly settings: MappingSettings;
  /** Whether messages received now should reach the function. */
  readonly delivers: boolean;
  /** A poll came back with `count` messages, `full` when it got all it asked for (scaling). */
  received(poller: SqsPoller, count: number, full: boolean): void;
}

/** What a poller needs of its function's region (LambdaRegion in store.ts). */
export interface PollerRegion {
  readonly region: string;
  readonly functions: ReadonlyMap<string, LambdaFunction>;
  functionCreated(name: string): Promise<void>;
  readonly roleSessions: ExecutionRoleSessions;
}

export class SqsPoller {
  private running = true;
  private readonly stopped: Promise<void>;
  private signalStopped!: () => void;
  private lastProblem: string | undefined;
  private wakeFromPause: (() => void) | undefined;
  /** Ends a long poll in flight when the poller stops, so it takes no message it would then drop. */
  private readonly abort = new AbortController();

  constructor(
    private readonly mapping: PolledMapping,
    private readonly region: PollerRegion,
    private readonly hub: ServiceHub,
  ) {
    this.stopped = new Promise((resolve) => (this.signalStopped = resolve));
    void this.run();
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
    this.signalStopped();
    this.wakeFromPause?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
        this.lastProblem = undefined;
      } catch (error) {
        this.problem(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        await this.pause(RETRY_DELAY_MS);
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const settings = this.mapping.settings;
    const functionArn = parseLambdaArn(settings.functionArn);
    const functionName = functionArn?.kind === "function" ? functionArn.name : "";
    const fn = this.region.functions.get(functionName);
    if (!fn) {
      // An orphaned mapping (its function was deleted) waits for a function of that name.
      this.problem(`the function ${settings.functionArn} does not exist`);
      await Promise.race([this.region.functionCreated(functionName), this.stopped]);
      return;
    }
    const session = await this.region.roleSessions.principal({
      roleArn: fn.settings.role,
      functionArn: fn.arn,
      functionName: fn.name,
      region: fn.region,
    });

    const batch = await this.gather(session);
    if (batch.length === 0 || !this.mapping.delivers) return;
    // The function may have been deleted or re-created while the poll was waiting.
    const target = this.region.functions.get(functionName);
    if (!target) return;
    await this.deliver(target, session, batch);
  }

  /** Up to BatchSize messages: one receive, or several within MaximumBatchingWindowInSeconds. */
  private async gather(session: RoleSessionPrincipal): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowInSeconds } = this.mapping.settings;
    const asked = Math.min(10, batchSize);
    const batch = await this.receive(session, asked, MAX_WAIT_SECONDS);
    this.mapping.received(this, batch.length, batch.length >= asked);
    if (batch.length === 0 || maximumBatchingWindowInSeconds === 0) return batch;
    const clock = this.hub.queueClock;
    // The window runs from the first message; long polls are whole seconds, so the last may end a little late.
    const deadline = clock.now() + maximumBatchingWindowInSeconds * 1000;
    let bytes = bodyBytes(batch);
    while (this.running && batch.length < batchSize && bytes < MAX_BATCH_BODY_BYTES && clock.now() < deadline) {
      const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.ceil((deadline - clock.now()) / 1000));
      const more = await this.receive(session, Math.min(10, batchSize - batch.length), waitSeconds);
      batch.push(...more);
      bytes += bodyBytes(more);
    }
    return batch;
  }

  private async receive(session: RoleSessionPrincipal, maxMessages: number, waitSeconds: number): Promise<Message[]> {
    const output = await this.hub.call<ReceiveMessageCommandOutput>({
      service: "sqs",
      operation: "ReceiveMessage",
      input: {
        QueueUrl: queueUrlForArn(this.hub, this.mapping.eventSourceArn),
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      },
      principal: session,
      region: this.region.region,
      signal: this.abort.signal,
    });
    return output.Messages ?? [];
  }

  private async deliver(fn: LambdaFunction, session: RoleSessionPrincipal, batch: Message[]): Promise<void> {
    const event = sqsEvent(batch, this.mapping.eventSourceArn, this.region.region);
    const outcome = await fn.invoke(invocationRequest(this.hub, Buffer.from(JSON.stringify(event))));
    if (outcome.kind === "error") this.problem(`the function failed with ${outcome.errorType ?? "an error"}; the batch stays in the queue`);
    const done = messagesToDelete(outcome, batch, this.mapping.settings.reportBatchItemFailures);
    for (let start = 0; start < done.length; start += 10) {
      const entries = done.slice(start, start + 10).map((message, index) => ({ Id: String(start + index), ReceiptHandle: message.ReceiptHandle }));
      const result = await this.hub.call<DeleteMessageBatchCommandOutput>({
        service: "sqs",
        operation: "DeleteMessageBatch",
        input: { QueueUrl: queueUrlForArn(this.hub, this.mapping.eventSourceArn), Entries: entries },
        principal: session,
        region: this.region.region,
      });
      for (const failure of result.Failed ?? []) this.problem(`deleting a processed message failed: ${failure.Code} ${failure.Message ?? ""}`);
    }
  }

  /** Waits `ms`, or less if the poller is stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.hub.queueClock.setTimer(ms, () => {
        this.wakeFromPause = undefined;
        resolve();
      });
      this.wakeFromPause = () => {
        timer.cancel();
        resolve();
      };
    });
  }

  /** Notes a problem in the emulator's log once until polling succeeds again. */
  private problem(reason: string): void {
    if (reason === this.lastProblem) return;
    this.lastProblem = reason;
    this.hub.log({ level: "warn", message: "event source mapping problem", mapping: this.mapping.uuid, queue: this.mapping.eventSourceArn, reason });
  }
}

function bodyBytes(messages: readonly Message[]): number {
  return messages.reduce((total, message) => total + Buffer.byteLength(message.Body ?? ""), 0);
}
