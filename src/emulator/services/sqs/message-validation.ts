/**
 * What SendMessage and SendMessageBatch entries must satisfy (SQS API
 * reference and message quotas): body characters and size, message attribute
 * names, types and values, the AWSTraceHeader system attribute, delays.
 */
import type { MessageAttributeValue, MessageSystemAttributeValue } from "@aws-sdk/client-sqs";
import { AwsError } from "../../errors.js";
import type { Principal } from "../../policy/principal.js";
import { invalidParameter, invalidParameterValue, missingParameter } from "./errors.js";
import { md5Hex, md5OfMessageAttributes } from "./message-md5.js";
import type { OutgoingMessage, Queue } from "./queue.js";
import { senderIdOf, type MessageContent } from "./queued-message.js";

/** The members SendMessage and a SendMessageBatch entry share. */
export interface SendFields {
  MessageBody?: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageSystemAttributes?: Record<string, MessageSystemAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

const MAX_MESSAGE_ATTRIBUTES = 10;
const MAX_ATTRIBUTE_NAME_LENGTH = 256;
const MAX_DELAY_SECONDS = 900;
/** The characters SQS accepts in bodies and string values (XML 1.0's Char production). */
const ALLOWED_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ALLOWED_SET = "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";

/** Validates one message for `queue` and turns it into what the queue stores. */
export function prepareMessage(fields: SendFields, queue: Queue, principal: Principal): OutgoingMessage {
  const body = fields.MessageBody;
  if (body === undefined || body === "") throw missingParameter("MessageBody");
  if (fields.DelaySeconds !== undefined && (fields.DelaySeconds < 0 || fields.DelaySeconds > MAX_DELAY_SECONDS)) {
    throw invalidParameter(
      "DelaySeconds",
      fields.DelaySeconds,
      `DelaySeconds must be >= 0 and <= ${MAX_DELAY_SECONDS}, if provided.`,
    );
  }
  if (fields.MessageDeduplicationId !== undefined) {
    throw invalidParameter(
      "MessageDeduplicationId",
      fields.MessageDeduplicationId,
      "The request include parameter that is not valid for this queue type.",
    );
  }
  // Standard queues accept MessageGroupId since fair queues (2025); it is returned as a system attribute.
  if (fields.MessageGroupId !== undefined && !/^[\x21-\x7E]{1,128}$/.test(fields.MessageGroupId)) {
    throw invalidParameter(
      "MessageGroupId",
      fields.MessageGroupId,
      "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
    );
  }
  const attributes = storedAttributes(fields.MessageAttributes ?? {});
  validateMessageAttributes(fields.MessageAttributes ?? {});
  const traceHeader = traceHeaderOf(fields.MessageSystemAttributes ?? {});
  const size = messageSize(body, attributes);
  if (size > queue.settings.MaximumMessageSize) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${queue.settings.MaximumMessageSize} bytes.`,
    );
  }
  assertAllowedCharacters(body, "the message body");
  const content: MessageContent = {
    body,
    md5OfBody: md5Hex(body),
    messageAttributes: attributes,
    md5OfMessageAttributes: md5OfMessageAttributes(attributes),
    traceHeader,
    md5OfMessageSystemAttributes:
      traceHeader === undefined
        ? undefined
        : md5OfMessageAttributes({ AWSTraceHeader: { DataType: "String", StringValue: traceHeader } }),
    messageGroupId: fields.MessageGroupId,
    senderId: senderIdOf(principal),
  };
  return { content, delaySeconds: fields.DelaySeconds };
}

/** Keeps only the members a message attribute carries back to receivers. */
function storedAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, { DataType, StringValue, BinaryValue }] of Object.entries(attributes)) {
    out[name] = BinaryValue !== undefined ? { DataType, BinaryValue } : { DataType, StringValue };
  }
  return out;
}

/** A message's size against the quota: body plus each attribute's name, type and value, in bytes. */
export function messageSize(body: string | undefined, attributes: Record<string, MessageAttributeValue> = {}): number {
  let size = Buffer.byteLength(body ?? "", "utf8");
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, "utf8") + Buffer.byteLength(value.DataType ?? "", "utf8");
    size += value.BinaryValue ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? "", "utf8");
  }
  return size;
}

function assertAllowedCharacters(text: string, where: string): void {
  if (ALLOWED_CHARACTERS.test(text)) return;
  const offending = [...text].find((char) => !ALLOWED_CHARACTERS.test(char)) ?? "";
  const code = (offending.codePointAt(0) ?? 0).toString(16).toUpperCase();
  throw new AwsError(
    "InvalidMessageContents",
    `Invalid binary character '#x${code}' was found in ${where}, the set of allowed characters is ${ALLOWED_SET}`,
  );
}

function validateMessageAttributes(attributes: Record<string, MessageAttributeValue>): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  for (const name of names) {
    validateAttributeName(name);
    validateAttributeValue(name, attributes[name]!);
  }
}

function validateAttributeName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name, "utf8") > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw invalidParameterValue(`Message (user) attribute names must be 1 to ${MAX_ATTRIBUTE_NAME_LENGTH} bytes long.`);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw invalidParameterValue(
      `Message (user) attribute '${name}' can only contain alphanumeric characters, hyphens (-), underscores (_) and periods (.).`,
    );
  }
  if (/^(aws|amazon)\./i.test(name)) {
    throw invalidParameterValue(`Message (user) attribute name '${name}' is reserved for use by Amazon.`);
  }
  if (name.startsWith(".") || name.endsWith(".") || name.includes("..")) {
    throw invalidParameterValue(
      `Message (user) attribute name '${name}' must not start or end with a period, or contain two periods in a row.`,
    );
  }
}

function validateAttributeValue(name: string, value: MessageAttributeValue): void {
  const type = value.DataType;
  if (!type) throw invalidParameterValue(`The message attribute '${name}' must contain a non-empty message attribute type.`);
  const base = /^(String|Number|Binary)(\..+)?$/.exec(type)?.[1];
  if (!base || Buffer.byteLength(type, "utf8") > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if ((value.StringListValues?.length ?? 0) > 0 || (value.BinaryListValues?.length ?? 0) > 0) {
    throw invalidParameterValue("Message attribute list values in SendMessage operation are not supported.");
  }
  if (base === "Binary") {
    if (value.StringValue !== undefined) {
      throw invalidParameterValue(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
    }
    if (!value.BinaryValue || value.BinaryValue.length === 0) throw emptyValue(name, type);
    return;
  }
  if (value.BinaryValue !== undefined) {
    throw invalidParameterValue(`The message attribute '${name}' with type '${base}' must use field 'String'.`);
  }
  const text = value.StringValue;
  if (text === undefined || text === "") throw emptyValue(name, type);
  if (!ALLOWED_CHARACTERS.test(text)) {
    throw invalidParameterValue(
      `Message (user) attribute '${name}' value contains invalid characters; allowed are ${ALLOWED_SET}.`,
    );
  }
  // Number values: up to 38 significant digits, between -10^128 and 10^126 (SQS message attributes guide).
  if (base === "Number" && !isSqsNumber(text)) {
    throw invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
  }
}

function emptyValue(name: string, type: string): AwsError {
  return invalidParameterValue(
    `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
  );
}

function isSqsNumber(text: string): boolean {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return false;
  const digits = text.replace(/[eE].*$/, "").replace(/[^0-9]/g, "").replace(/^0+/, "");
  const magnitude = Math.abs(Number(text));
  return digits.length <= 38 && (magnitude === 0 || (magnitude >= 1e-128 && magnitude <= 1e126));
}

/** Only AWSTraceHeader can be sent as a system attribute, as a String. */
function traceHeaderOf(systemAttributes: Record<string, MessageSystemAttributeValue>): string | undefined {
  let traceHeader: string | undefined;
  for (const [name, value] of Object.entries(systemAttributes)) {
    if (name !== "AWSTraceHeader") {
      throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    if (value.DataType !== "String" || !value.StringValue) {
      throw invalidParameterValue("Message system attribute 'AWSTraceHeader' must be a non-empty value of type 'String'.");
    }
    traceHeader = value.StringValue;
  }
  return traceHeader;
}
