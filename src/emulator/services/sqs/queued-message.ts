/**
 * A message while it is in a queue, its receipt handles, and the sender id
 * SQS records for each kind of caller.
 */
import { createHash } from "node:crypto";
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { Principal } from "../../policy/principal.js";

/** What a producer hands to a queue, already validated. */
export interface MessageContent {
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  /** X-Ray trace header sent as the AWSTraceHeader system attribute. */
  traceHeader?: string;
  md5OfMessageSystemAttributes?: string;
  messageGroupId?: string;
  senderId: string;
}

export interface QueuedMessage extends MessageContent {
  messageId: string;
  /** SentTimestamp, epoch ms on the emulator's clock (not queue time, which may run faster). */
  sentAt: number;
  /** The retention clock starts here; a move to the dead-letter queue keeps it (standard queues). */
  enqueuedAt: number;
  /** Before this instant the message is delayed (never received) or in flight (received). */
  visibleAt: number;
  receiveCount: number;
  /** ApproximateFirstReceiveTimestamp, epoch ms on the emulator's clock like `sentAt`. */
  firstReceivedAt?: number;
  /** When the latest receive happened: the 12-hour visibility limit counts from here. */
  lastReceivedAt?: number;
  /** Only the most recent receipt handle deletes or changes the message. */
  receiptHandle?: string;
  /** Set when the message was moved here as a dead letter: the queue it came from. */
  deadLetterSourceArn?: string;
}

/** One message as a receive hands it out, frozen at that moment. */
export interface ReceivedMessage {
  message: QueuedMessage;
  receiptHandle: string;
  receiveCount: number;
  firstReceivedAt: number;
}

/**
 * Receipt handles are opaque to clients; this one carries the queue ARN and
 * message id so a handle from another queue, or garbage, is recognised.
 */
export function encodeReceiptHandle(queueArn: string, messageId: string, nonce: string): string {
  return Buffer.from(`${queueArn} ${messageId} ${nonce}`, "utf8").toString("base64");
}

export function decodeReceiptHandle(handle: string): { queueArn: string; messageId: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const bytes = Buffer.from(handle, "base64");
  if (bytes.toString("base64") !== handle) return undefined;
  const parts = bytes.toString("utf8").split(" ");
  if (parts.length !== 3 || !parts[0]!.startsWith("arn:aws:sqs:")) return undefined;
  return { queueArn: parts[0]!, messageId: parts[1]! };
}

/** SNS's well-known sender id on SQS messages it delivers. */
const SERVICE_SENDER_IDS: Record<string, string> = {
  "sns.amazonaws.com": "AIDAIT2UOQQY3AUEKVGXU",
  "s3.amazonaws.com": "AIDAJQR6QDGQ7PATMSYEY",
};

/**
 * The SenderId attribute: the account id for root credentials, `roleId:session`
 * for an assumed role, and a fixed service-like id for AWS services.
 */
export function senderIdOf(principal: Principal): string {
  switch (principal.kind) {
    case "admin":
      return principal.accountId;
    case "role-session":
      return principal.userId;
    case "service":
      return SERVICE_SENDER_IDS[principal.service] ?? serviceLikeId(principal.service);
  }
}

function serviceLikeId(service: string): string {
  const digest = createHash("sha256").update(service).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return `AIDA${Array.from(digest.subarray(0, 17), (byte) => alphabet[byte % 32]).join("")}`;
}
