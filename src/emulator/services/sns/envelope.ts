/**
 * The JSON documents SNS delivers to queues that do not use raw delivery
 * (aws-behaviour §3.5): a Notification per message, a SubscriptionConfirmation
 * for subscriptions awaiting confirmation. Field order, the `" : "` separators
 * and two-space indentation follow AWS's deliveries; each carries a real
 * signature whose certificate the emulator serves.
 */
import type { MessageAttributeValue } from "@aws-sdk/client-sns";
import type { ServiceHub } from "../service.js";
import type { Publication } from "./publication.js";
import { snsServiceState } from "./store.js";
import type { SnsSubscription } from "./subscription.js";
import type { SnsTopic } from "./topic.js";

type EnvelopeValue = string | Record<string, { Type: string; Value: string }>;

/**
 * A Notification's signature covers nothing of the subscription (not the
 * UnsubscribeURL), so every queue subscribed to a topic gets the same one:
 * each publication is signed once per message variant and signature version.
 */
const notificationSignatures = new WeakMap<Publication, Map<string, Promise<string>>>();

export async function notificationEnvelope(
  hub: ServiceHub,
  topic: SnsTopic,
  subscription: SnsSubscription,
  publication: Publication,
): Promise<string> {
  const { signer } = snsServiceState(hub);
  const message = publication.messageFor(subscription.protocol);
  const timestamp = new Date(publication.timestamp).toISOString();
  const fields: [string, EnvelopeValue][] = [
    ["Type", "Notification"],
    ["MessageId", publication.messageId],
    ["TopicArn", topic.arn],
  ];
  if (publication.subject !== undefined) fields.push(["Subject", publication.subject]);
  fields.push(
    ["Message", message],
    ["Timestamp", timestamp],
    ["SignatureVersion", topic.signatureVersion],
    ["Signature", await notificationSignature(hub, topic, publication, message, timestamp)],
    ["SigningCertURL", await signer.certificateUrl()],
    ["UnsubscribeURL", `${hub.endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`],
  );
  if (publication.hasAttributes) fields.push(["MessageAttributes", envelopeAttributes(publication.attributes)]);
  return layout(fields);
}

function notificationSignature(hub: ServiceHub, topic: SnsTopic, publication: Publication, message: string, timestamp: string): Promise<string> {
  let signatures = notificationSignatures.get(publication);
  if (!signatures) notificationSignatures.set(publication, (signatures = new Map()));
  // The topic's signature version may change between deliveries of one publication.
  const variant = `${topic.signatureVersion}\n${message}`;
  let signature = signatures.get(variant);
  if (!signature) {
    // Signed fields of a Notification: Message, MessageId, Subject (if any), Timestamp, TopicArn, Type.
    const signed: Record<string, string> = {
      Message: message,
      MessageId: publication.messageId,
      Timestamp: timestamp,
      TopicArn: topic.arn,
      Type: "Notification",
    };
    if (publication.subject !== undefined) signed.Subject = publication.subject;
    signature = snsServiceState(hub).signer.sign(signed, topic.signatureVersion);
    signatures.set(variant, signature);
  }
  return signature;
}

export async function subscriptionConfirmationEnvelope(
  hub: ServiceHub,
  topic: SnsTopic,
  token: string,
  messageId: string,
  timestamp: number,
): Promise<string> {
  const { signer } = snsServiceState(hub);
  const message =
    `You have chosen to subscribe to the topic ${topic.arn}.\n` +
    "To confirm the subscription, visit the SubscribeURL included in this message.";
  const subscribeUrl = `${hub.endpoint}/?Action=ConfirmSubscription&TopicArn=${topic.arn}&Token=${token}`;
  const time = new Date(timestamp).toISOString();
  const signed = {
    Message: message,
    MessageId: messageId,
    SubscribeURL: subscribeUrl,
    Timestamp: time,
    Token: token,
    TopicArn: topic.arn,
    Type: "SubscriptionConfirmation",
  };
  return layout([
    ["Type", "SubscriptionConfirmation"],
    ["MessageId", messageId],
    ["Token", token],
    ["TopicArn", topic.arn],
    ["Message", message],
    ["SubscribeURL", subscribeUrl],
    ["Timestamp", time],
    ["SignatureVersion", topic.signatureVersion],
    ["Signature", await signer.sign(signed, topic.signatureVersion)],
    ["SigningCertURL", await signer.certificateUrl()],
  ]);
}

/** `{"name":{"Type":"String","Value":"v"}}`; Binary values in base64. */
function envelopeAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = attribute.BinaryValue ? Buffer.from(attribute.BinaryValue).toString("base64") : attribute.StringValue ?? "";
    out[name] = { Type: attribute.DataType ?? "String", Value: value };
  }
  return out;
}

function layout(fields: [string, EnvelopeValue][]): string {
  const lines = fields.map(([name, value]) => {
    if (typeof value === "string") return `  ${JSON.stringify(name)} : ${JSON.stringify(value)}`;
    const entries = Object.entries(value).map(([key, entry]) => `    ${JSON.stringify(key)} : ${JSON.stringify(entry)}`);
    return `  ${JSON.stringify(name)} : {\n${entries.join(",\n")}\n  }`;
  });
  return `{\n${lines.join(",\n")}\n}`;
}
