/**
 * How a received message looks to the caller: system attributes chosen by
 * MessageSystemAttributeNames (or the deprecated AttributeNames), message
 * attributes chosen by MessageAttributeNames (`All`, `.*`, `prefix.*` or exact
 * names), each map and its digest present only when something was selected.
 */
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import { md5OfMessageAttributes } from "./message-md5.js";
import type { ReceivedMessage } from "./queued-message.js";

export function messageView(received: ReceivedMessage, systemNames: string[], attributeNames: string[]): Message {
  const { message } = received;
  const view: Message = {
    MessageId: message.messageId,
    ReceiptHandle: received.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const system = systemAttributes(received, new Set(systemNames));
  if (Object.keys(system).length > 0) view.Attributes = system;
  const selected = selectAttributes(message.messageAttributes, attributeNames);
  if (Object.keys(selected).length > 0) {
    view.MessageAttributes = selected;
    view.MD5OfMessageAttributes = md5OfMessageAttributes(selected);
  }
  return view;
}

function systemAttributes(received: ReceivedMessage, names: Set<string>): Record<string, string> {
  const all = names.has("All");
  const wanted = (name: string) => all || names.has(name);
  const { message } = received;
  const out: Record<string, string> = {};
  if (wanted("SenderId")) out.SenderId = message.senderId;
  if (wanted("SentTimestamp")) out.SentTimestamp = String(message.sentAt);
  if (wanted("ApproximateReceiveCount")) out.ApproximateReceiveCount = String(received.receiveCount);
  if (wanted("ApproximateFirstReceiveTimestamp")) out.ApproximateFirstReceiveTimestamp = String(received.firstReceivedAt);
  if (wanted("AWSTraceHeader") && message.traceHeader !== undefined) out.AWSTraceHeader = message.traceHeader;
  if (wanted("DeadLetterQueueSourceArn") && message.deadLetterSourceArn !== undefined) {
    out.DeadLetterQueueSourceArn = message.deadLetterSourceArn;
  }
  if (wanted("MessageGroupId") && message.messageGroupId !== undefined) out.MessageGroupId = message.messageGroupId;
  return out;
}

function selectAttributes(
  attributes: Record<string, MessageAttributeValue>,
  patterns: string[],
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (patterns.some((pattern) => attributeNameMatches(pattern, name))) out[name] = value;
  }
  return out;
}

function attributeNameMatches(pattern: string, name: string): boolean {
  if (pattern === "All" || pattern === ".*") return true;
  if (pattern.endsWith(".*")) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}
