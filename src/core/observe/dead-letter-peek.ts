/**
 * Looking into the dead-letter queues without taking anything away. SQS has
 * no "peek": messages are received with a short visibility timeout, and
 * their visibility is set back to 0 at once, so they stay in the DLQ (each
 * look adds one to a message's ApproximateReceiveCount). Bodies are decoded
 * with the consumers' own parser (SNS envelope -> S3 event -> decoded keys),
 * so what is shown is what the consumer saw.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { parseRecordBody } from "../../../handlers/shared/parse-record.js";
import { redriveSettingsOf, type RedriveSettings } from "./dead-letter-eta.js";

/** Long enough to read a page and restore it; short enough that an interrupted look heals itself quickly. */
export const PEEK_VISIBILITY_SECONDS = 30;
const RECEIVE_BATCH = 10;

export type MessageContents =
  | { kind: "objects"; objects: { bucket: string; key: string; eventName: string; eventTime: string }[] }
  | { kind: "message"; id: string | null; poison: boolean; body: string }
  | { kind: "skip"; reason: string }
  | { kind: "unreadable"; reason: string };

export interface PeekedMessage {
  messageId: string;
  /** ApproximateReceiveCount, this look included. */
  receiveCount: number;
  sentTimestamp: number;
  /** The queue the message was dead-lettered from (DeadLetterQueueSourceArn). */
  sourceQueueArn?: string;
  contents: MessageContents;
}

export interface QueueDepth {
  visible: number;
  inFlight: number;
}

export async function queueDepth(sqs: SQSClient, queueUrl: string, signal?: AbortSignal): Promise<QueueDepth> {
  const { Attributes: attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
    { abortSignal: signal },
  );
  return { visible: Number(attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

/** The source queue's settings that decide when its DLQ gets a failing message. */
export async function queueRedrive(sqs: SQSClient, queueUrl: string, signal?: AbortSignal): Promise<RedriveSettings> {
  const { Attributes: attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout", "RedrivePolicy"] }),
    { abortSignal: signal },
  );
  return redriveSettingsOf(attributes);
}

/**
 * Up to `max` of the queue's visible messages, left in the queue. Receives
 * use a 1-second long poll, which (unlike a short poll) asks every SQS
 * server, and stop once as many messages as the queue reported are in hand.
 */
export async function peekQueue(sqs: SQSClient, queueUrl: string, options: { max: number; signal?: AbortSignal }): Promise<{ messages: PeekedMessage[]; depth: QueueDepth }> {
  const depth = await queueDepth(sqs, queueUrl, options.signal);
  const wanted = Math.min(options.max, depth.visible);
  const received = new Map<string, Message>();
  try {
    while (received.size < wanted) {
      const { Messages: batch = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(RECEIVE_BATCH, wanted - received.size),
          VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ["All"],
        }),
        { abortSignal: options.signal },
      );
      if (batch.length === 0) break;
      for (const message of batch) received.set(message.MessageId ?? "", message);
    }
  } finally {
    await makeVisible(sqs, queueUrl, [...received.values()]);
  }
  return { messages: [...received.values()].map(describeMessage), depth };
}

/** Visibility back to 0, without the command's abort signal: this must happen even after Ctrl-C. */
async function makeVisible(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += RECEIVE_BATCH) {
    const entries = messages.slice(start, start + RECEIVE_BATCH).map((message, index) => ({
      Id: String(index),
      ReceiptHandle: message.ReceiptHandle!,
      VisibilityTimeout: 0,
    }));
    // A failed entry (say, a handle that expired) only means that message reappears after PEEK_VISIBILITY_SECONDS.
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries })).catch(() => undefined);
  }
}

export function describeMessage(message: Message): PeekedMessage {
  const attributes = message.Attributes ?? {};
  const sourceQueueArn = attributes.DeadLetterQueueSourceArn;
  return {
    messageId: message.MessageId ?? "",
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
    sentTimestamp: Number(attributes.SentTimestamp ?? 0),
    ...(sourceQueueArn ? { sourceQueueArn } : {}),
    contents: describeBody(message.Body ?? ""),
  };
}

/** What a queued body carries, decoded the way the consumers decode it. */
export function describeBody(body: string): MessageContents {
  try {
    const content = parseRecordBody(body);
    switch (content.kind) {
      case "objects":
        return {
          kind: "objects",
          objects: content.events.map((event) => ({ bucket: event.bucket, key: event.key, eventName: event.eventName, eventTime: event.eventTime })),
        };
      case "message":
        return { kind: "message", id: content.message.id, poison: content.message.poison, body: content.message.body };
      case "skip":
        return { kind: "skip", reason: content.reason };
    }
  } catch (error) {
    return { kind: "unreadable", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The object keys a message is about (none for direct messages). */
export function objectKeysOf(contents: MessageContents): string[] {
  return contents.kind === "objects" ? contents.objects.map((object) => object.key) : [];
}

/** One line: what the message was about. */
export function contentsText(contents: MessageContents): string {
  switch (contents.kind) {
    case "objects":
      return contents.objects.map((object) => `${object.key} (${object.eventName})`).join(", ");
    case "message":
      return `message ${contents.id ?? "without id"}${contents.poison ? " (poison: true)" : ""}: ${truncate(contents.body, 80)}`;
    case "skip":
      return `nothing to process (${contents.reason})`;
    case "unreadable":
      return `unreadable body: ${contents.reason}`;
  }
}

function truncate(text: string, length: number): string {
  const line = text.replace(/\s+/g, " ");
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}
