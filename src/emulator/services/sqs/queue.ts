/**
 * One standard queue and its rules: delays, visibility timeouts, receipt
 * handles, retention, dead-lettering after maxReceiveCount, purge, and long
 * polls that are answered the moment a message becomes available. Time comes
 * from the injected clock; a long poll waits on a promise that sends,
 * visibility changes or a timer at the next visibility instant resolve.
 */
import type { QueueClock, Random, Timer } from "../../clock.js";
import type { EmulatorLogEntry } from "../../settings.js";
import { AwsError } from "../../errors.js";
import { invalidParameter, messageNotInflight, receiptHandleExpired, receiptHandleIsInvalid } from "./errors.js";
import { READ_ONLY_ATTRIBUTES, renderQueueSettings, type QueueSettings, type SettingsPatch } from "./queue-attributes.js";
import { queueArn } from "../../queue-address.js";
import {
  decodeReceiptHandle,
  encodeReceiptHandle,
  type MessageContent,
  type QueuedMessage,
  type ReceivedMessage,
} from "./queued-message.js";

/** What a queue needs from its surroundings. */
export interface QueueEnvironment {
  /** Queue time: every SQS duration runs on it (eda local start --time-scale). */
  clock: QueueClock;
  random: Random;
  log(entry: Omit<EmulatorLogEntry, "time">): void;
  /** Finds another queue (the dead-letter target, a move task's destination). */
  queueByArn(arn: string): Queue | undefined;
}

export interface ReceiveRequest {
  maxMessages: number;
  /** Overrides the queue's VisibilityTimeout for this receive. */
  visibilityTimeout?: number;
  /** 0 answers at once; otherwise wait up to this long for a first message. */
  waitSeconds: number;
  /** Ends a waiting long poll empty, so no message is taken for a caller that is gone. */
  signal?: AbortSignal;
}

export interface OutgoingMessage {
  content: MessageContent;
  /** Overrides the queue's DelaySeconds. */
  delaySeconds?: number;
}

interface ReceiveWaiter {
  request: ReceiveRequest;
  resolve(messages: ReceivedMessage[]): void;
  timeout: Timer;
}

/** Visibility can be extended to at most 12 hours from the receive. */
const MAX_VISIBILITY_SECONDS = 43_200;
const PURGE_INTERVAL_MS = 60_000;

export class Queue {
  readonly arn: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  readonly tags = new Map<string, string>();
  /** Message move tasks that take messages out of this queue, newest last. */
  private readonly messages = new Map<string, QueuedMessage>();
  private waiters: ReceiveWaiter[] = [];
  private wakeUp: { due: number; timer: Timer } | undefined;
  private lastPurgeAt: number | undefined;
  /** No message can have expired before this instant, so retention checks are free until then. */
  private earliestExpiry = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(
    readonly name: string,
    readonly accountId: string,
    readonly region: string,
    public settings: QueueSettings,
    private readonly env: QueueEnvironment,
  ) {
    this.arn = queueArn(region, accountId, name);
    this.createdAt = env.clock.now();
    this.lastModifiedAt = this.createdAt;
  }

  updateSettings(patch: SettingsPatch): void {
    this.settings = { ...this.settings, ...patch };
    this.lastModifiedAt = this.env.clock.now();
    // A new MessageRetentionPeriod applies to the messages already queued.
    this.earliestExpiry = Number.NEGATIVE_INFINITY;
  }

  /** Every attribute GetQueueAttributes knows, as strings (timestamps in epoch seconds). */
  attributeValues(): Record<string, string> {
    const counts = this.counts();
    const values: Record<(typeof READ_ONLY_ATTRIBUTES)[number], string> = {
      QueueArn: this.arn,
      ApproximateNumberOfMessages: String(counts.available),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(this.env.clock.baseTime(this.createdAt) / 1000)),
      LastModifiedTimestamp: String(Math.floor(this.env.clock.baseTime(this.lastModifiedAt) / 1000)),
    };
    return { ...values, ...renderQueueSettings(this.settings) };
  }

  counts(): { available: number; inFlight: number; delayed: number } {
    const now = this.env.clock.now();
    this.dropExpired(now);
    let available = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) available++;
      else if (message.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { available, inFlight, delayed };
  }

  send(outgoing: OutgoingMessage[]): QueuedMessage[] {
    const now = this.env.clock.now();
    const stored = outgoing.map(({ content, delaySeconds }) => {
      // Every field spelled out (the type insists), none added later: one compact object shape from send to delete.
      const message: { [K in keyof Required<QueuedMessage>]: QueuedMessage[K] } = {
        body: content.body,
        md5OfBody: content.md5OfBody,
        messageAttributes: content.messageAttributes,
        md5OfMessageAttributes: content.md5OfMessageAttributes,
        traceHeader: content.traceHeader,
        md5OfMessageSystemAttributes: content.md5OfMessageSystemAttributes,
        messageGroupId: content.messageGroupId,
        senderId: content.senderId,
        messageId: this.env.random.uuid(),
        sentAt: Math.round(this.env.clock.baseTime(now)),
        enqueuedAt: now,
        visibleAt: now + (delaySeconds ?? this.settings.DelaySeconds) * 1000,
        receiveCount: 0,
        firstReceivedAt: undefined,
        lastReceivedAt: undefined,
        receiptHandle: undefined,
        deadLetterSourceArn: undefined,
      };
      this.enqueue(message);
      return message;
    });
    this.serveWaiters();
    return stored;
  }

  /**
   * A message that exceeded maxReceiveCount on `sourceArn`. It keeps its
   * MessageId, body, attributes and enqueue time (the retention clock of
   * standard queues does not restart in the DLQ), and its receive count
   * (unconfirmed; the count is commonly reported to carry on in the DLQ).
   */
  acceptDeadLetter(message: QueuedMessage, sourceArn: string): void {
    message.deadLetterSourceArn = sourceArn;
    message.visibleAt = this.env.clock.now();
    message.receiptHandle = undefined;
    this.enqueue(message);
    this.serveWaiters();
  }

  /** A message redriven by a move task: a new message with a new id and enqueue time (SQS guide, DLQ redrive). */
  acceptRedriven(message: QueuedMessage): void {
    const content: MessageContent = {
      body: message.body,
      md5OfBody: message.md5OfBody,
      messageAttributes: message.messageAttributes,
      md5OfMessageAttributes: message.md5OfMessageAttributes,
      traceHeader: message.traceHeader,
      md5OfMessageSystemAttributes: message.md5OfMessageSystemAttributes,
      messageGroupId: message.messageGroupId,
      senderId: message.senderId,
    };
    this.send([{ content }]);
  }

  /**
   * Hands out up to `maxMessages` available messages, making them invisible
   * for the visibility timeout. With `waitSeconds` > 0 and nothing available,
   * resolves as soon as something becomes available, or empty at the deadline.
   */
  receive(request: ReceiveRequest): Promise<ReceivedMessage[]> {
    if (request.signal?.aborted) return Promise.resolve([]);
    const taken = this.take(request);
    if (taken.length > 0 || request.waitSeconds === 0 || this.closed) return Promise.resolve(taken);
    return new Promise((resolve) => {
      const giveUp = () => {
        waiter.timeout.cancel();
        this.waiters = this.waiters.filter((w) => w !== waiter);
        this.scheduleWakeUp();
        resolve([]);
      };
      const waiter: ReceiveWaiter = {
        request,
        resolve: (messages) => {
          request.signal?.removeEventListener("abort", giveUp);
          resolve(messages);
        },
        timeout: this.env.clock.setTimer(request.waitSeconds * 1000, () => {
          request.signal?.removeEventListener("abort", giveUp);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          this.scheduleWakeUp();
          resolve([]);
        }),
      };
      request.signal?.addEventListener("abort", giveUp, { once: true });
      this.waiters.push(waiter);
      this.env.log({ level: "debug", message: "long poll waiting", queueArn: this.arn, waitSeconds: request.waitSeconds });
      this.scheduleWakeUp();
    });
  }

  /**
   * Deletes with the most recent receipt handle. An older handle of a message
   * received again since is refused as expired; a handle of a message that is
   * already gone succeeds, as on AWS.
   */
  deleteMessage(receiptHandle: string): void {
    this.dropExpired(this.env.clock.now());
    const message = this.messageFor(receiptHandle);
    if (!message) return;
    if (message.receiptHandle !== receiptHandle) throw receiptHandleExpired(receiptHandle);
    this.messages.delete(message.messageId);
    this.scheduleWakeUp();
  }

  /** Restarts the message's visibility timer from now; the message must be in flight. */
  changeVisibility(receiptHandle: string, visibilityTimeout: number): void {
    const now = this.env.clock.now();
    this.dropExpired(now);
    const message = this.messageFor(receiptHandle);
    if (!message) {
      throw invalidParameter(
        "ReceiptHandle",
        receiptHandle,
        "Message does not exist or is not available for visibility timeout change.",
      );
    }
    if (message.receiptHandle !== receiptHandle) throw receiptHandleExpired(receiptHandle);
    if (message.visibleAt <= now) throw messageNotInflight();
    const elapsedSeconds = (now - (message.lastReceivedAt ?? now)) / 1000;
    if (elapsedSeconds + visibilityTimeout > MAX_VISIBILITY_SECONDS) {
      throw invalidParameter(
        "VisibilityTimeout",
        visibilityTimeout,
        `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds]`,
      );
    }
    message.visibleAt = now + visibilityTimeout * 1000;
    this.serveWaiters();
  }

  /** Deletes every message, available or in flight; AWS allows one purge per 60 seconds. */
  purge(): void {
    const now = this.env.clock.now();
    if (this.lastPurgeAt !== undefined && now - this.lastPurgeAt < PURGE_INTERVAL_MS) {
      throw new AwsError(
        "PurgeQueueInProgress",
        `Only one PurgeQueue operation on ${this.name} is allowed every 60 seconds.`,
      );
    }
    this.lastPurgeAt = now;
    this.messages.clear();
    this.earliestExpiry = Number.POSITIVE_INFINITY;
    this.scheduleWakeUp();
  }

  /** The oldest available message (a message move task redrives oldest first). */
  oldestAvailable(): QueuedMessage | undefined {
    const now = this.env.clock.now();
    this.dropExpired(now);
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) return message;
    }
    return undefined;
  }

  removeMessage(messageId: string): void {
    this.messages.delete(messageId);
    this.scheduleWakeUp();
  }

  /** The queue is deleted or the emulator stops: pending long polls end empty, timers stop. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.timeout.cancel();
      waiter.resolve([]);
    }
    this.wakeUp?.timer.cancel();
    this.wakeUp = undefined;
  }

  private enqueue(message: QueuedMessage): void {
    this.messages.set(message.messageId, message);
    this.earliestExpiry = Math.min(this.earliestExpiry, message.enqueuedAt + this.settings.MessageRetentionPeriod * 1000);
  }

  private messageFor(receiptHandle: string): QueuedMessage | undefined {
    const decoded = decodeReceiptHandle(receiptHandle);
    if (!decoded || decoded.queueArn !== this.arn) throw receiptHandleIsInvalid(receiptHandle);
    return this.messages.get(decoded.messageId);
  }

  private take(request: ReceiveRequest): ReceivedMessage[] {
    const now = this.env.clock.now();
    this.dropExpired(now);
    const redrive = this.settings.RedrivePolicy;
    const deadLetterQueue = redrive ? this.env.queueByArn(redrive.deadLetterTargetArn) : undefined;
    if (redrive && !deadLetterQueue) {
      this.env.log({ level: "warn", message: "dead-letter queue missing; messages stay in the source queue", queueArn: this.arn, deadLetterTargetArn: redrive.deadLetterTargetArn });
    }
    const taken: ReceivedMessage[] = [];
    for (const message of this.messages.values()) {
      if (taken.length >= request.maxMessages) break;
      if (message.visibleAt > now) continue;
      // A receive that would exceed maxReceiveCount moves the message to the DLQ instead.
      if (redrive && deadLetterQueue && deadLetterQueue !== this && message.receiveCount >= redrive.maxReceiveCount) {
        this.messages.delete(message.messageId);
        deadLetterQueue.acceptDeadLetter(message, this.arn);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= Math.round(this.env.clock.baseTime(now));
      message.lastReceivedAt = now;
      message.visibleAt = now + (request.visibilityTimeout ?? this.settings.VisibilityTimeout) * 1000;
      message.receiptHandle = encodeReceiptHandle(this.arn, message.messageId, this.env.random.hex(16));
      taken.push({
        message,
        receiptHandle: message.receiptHandle,
        receiveCount: message.receiveCount,
        firstReceivedAt: message.firstReceivedAt,
      });
    }
    return taken;
  }

  /** Retention counts from the enqueue time; expired messages vanish whatever their state. */
  private dropExpired(now: number): void {
    if (now < this.earliestExpiry) return;
    const retentionMs = this.settings.MessageRetentionPeriod * 1000;
    let earliest = Number.POSITIVE_INFINITY;
    for (const message of this.messages.values()) {
      const expiry = message.enqueuedAt + retentionMs;
      if (expiry <= now) this.messages.delete(message.messageId);
      else earliest = Math.min(earliest, expiry);
    }
    this.earliestExpiry = earliest;
  }

  /** Answers waiting long polls in arrival order while messages are available. */
  private serveWaiters(): void {
    while (this.waiters.length > 0) {
      const waiter = this.waiters[0]!;
      const taken = this.take(waiter.request);
      if (taken.length === 0) break;
      this.waiters.shift();
      waiter.timeout.cancel();
      waiter.resolve(taken);
    }
    this.scheduleWakeUp();
  }

  /** While long polls wait, a timer fires when the next delayed or in-flight message becomes visible. */
  private scheduleWakeUp(): void {
    const now = this.env.clock.now();
    let next = Number.POSITIVE_INFINITY;
    if (this.waiters.length > 0) {
      for (const message of this.messages.values()) {
        if (message.visibleAt > now && message.visibleAt < next) next = message.visibleAt;
      }
    }
    if (next === Number.POSITIVE_INFINITY) {
      this.wakeUp?.timer.cancel();
      this.wakeUp = undefined;
      return;
    }
    if (this.wakeUp?.due === next) return;
    this.wakeUp?.timer.cancel();
    this.wakeUp = {
      due: next,
      timer: this.env.clock.setTimer(next - now, () => {
        this.wakeUp = undefined;
        this.serveWaiters();
      }),
    };
  }
}
