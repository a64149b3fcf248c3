/**
 * One published message after Publish/PublishBatch validation: what SNS
 * checks before it accepts a message (size, subject, attributes, JSON message
 * structure) and what each protocol receives from it.
 */
import type { MessageAttributeValue } from "@aws-sdk/client-sns";
import { AwsError } from "../../errors.js";
import { invalidParameter, invalidParameterValue } from "./errors.js";

/** "Maximum message size is 256 KB", attribute names, types and values included (Publish API reference). */
export const MAX_PUBLISH_BYTES = 262_144;
/** SQS accepts at most 10 message attributes, so SNS refuses more (aws-behaviour §3.3). */
export const MAX_MESSAGE_ATTRIBUTES = 10;

export interface PublishRequest {
  Message?: string | undefined;
  Subject?: string | undefined;
  MessageStructure?: string | undefined;
  MessageAttributes?: Record<string, MessageAttributeValue> | undefined;
  MessageDeduplicationId?: string | undefined;
  MessageGroupId?: string | undefined;
}

export class Publication {
  constructor(
    readonly messageId: string,
    readonly message: string,
    /** Per-protocol messages when MessageStructure is "json". */
    private readonly structured: Record<string, string> | undefined,
    readonly subject: string | undefined,
    readonly attributes: Record<string, MessageAttributeValue>,
    /** Epoch milliseconds at which SNS accepted the message. */
    readonly timestamp: number,
  ) {}

  /** With MessageStructure "json", a protocol gets its own key, else "default". */
  messageFor(protocol: string): string {
    if (!this.structured) return this.message;
    return this.structured[protocol] ?? this.structured.default!;
  }

  get hasAttributes(): boolean {
    return Object.keys(this.attributes).length > 0;
  }
}

/** Validates one message as SNS does before accepting it; throws the error AWS answers with. */
export function acceptPublication(request: PublishRequest, messageId: string, timestamp: number): Publication {
  const { Message: message, Subject: subject } = request;
  if (subject !== undefined && !isValidSubject(subject)) throw invalidParameter("Subject");
  if (message === undefined || message === "") throw invalidParameter("Empty message");
  const attributes = request.MessageAttributes ?? {};
  validateMessageAttributes(attributes);
  if (publicationBytes(message, attributes) > MAX_PUBLISH_BYTES) throw invalidParameter("Message too long");
  // The emulator's topics are standard topics, which take neither FIFO parameter.
  for (const parameter of ["MessageDeduplicationId", "MessageGroupId"] as const) {
    if (request[parameter] !== undefined) {
      throw invalidParameter(
        `${parameter} Reason: The request includes ${parameter} parameter that is not valid for this topic type`,
      );
    }
  }
  const structured = request.MessageStructure === undefined ? undefined : parseStructure(request.MessageStructure, message);
  return new Publication(messageId, message, structured, subject, attributes, timestamp);
}

/** The size SNS counts against the 256 KB limit. */
export function publicationBytes(message: string, attributes: Record<string, MessageAttributeValue>): number {
  let bytes = Buffer.byteLength(message, "utf8");
  for (const [name, attribute] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name, "utf8") + Buffer.byteLength(attribute.DataType ?? "", "utf8");
    bytes += attribute.BinaryValue ? attribute.BinaryValue.length : Buffer.byteLength(attribute.StringValue ?? "", "utf8");
  }
  return bytes;
}

/**
 * "Subject must be ASCII text that begins with a letter, number, or
 * punctuation mark; must not include line breaks or control characters; and
 * must be less than 100 characters long" (Publish API reference).
 */
function isValidSubject(subject: string): boolean {
  return subject.length > 0 && subject.length < 100 && /^[\x21-\x7e][\x20-\x7e]*$/.test(subject);
}

function parseStructure(structure: string, message: string): Record<string, string> {
  if (structure !== "json") throw invalidParameter("MessageStructure");
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter("Message Structure - JSON message body failed to parse");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter("Message Structure - JSON message body failed to parse");
  }
  // Keys whose values are not strings are ignored, as SNS does.
  const byProtocol: Record<string, string> = {};
  for (const [protocol, value] of Object.entries(parsed)) if (typeof value === "string") byProtocol[protocol] = value;
  if (byProtocol.default === undefined) throw invalidParameter("Message Structure - No default entry in JSON message body");
  return byProtocol;
}

const ATTRIBUTE_NAME_CHARACTERS = /^[A-Za-z0-9_.-]$/;
const ATTRIBUTE_TYPE = /^(String|Number|Binary)(\..+)?$/;

/** Message attribute rules of the SNS guide ("Amazon SNS message attributes"), with AWS's messages. */
function validateMessageAttributes(attributes: Record<string, MessageAttributeValue>): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    // SQS's wording for the same limit; SNS's own text for it is unconfirmed.
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  for (const name of names) {
    validateAttributeName(name);
    const attribute = attributes[name]!;
    const type = attribute.DataType;
    if (type === undefined) {
      throw new AwsError(
        "ValidationError",
        `1 validation error detected: Value null at 'messageAttributes.${name}.member.dataType' failed to satisfy constraint: Member must not be null`,
        { status: 400 },
      );
    }
    if (!ATTRIBUTE_TYPE.test(type)) {
      throw invalidParameterValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const binary = type.startsWith("Binary");
    const value = binary ? attribute.BinaryValue : attribute.StringValue;
    if (value === undefined && (binary ? attribute.StringValue : attribute.BinaryValue) !== undefined) {
      const field = binary ? "Binary" : "String";
      throw invalidParameterValue(`The message attribute '${name}' with type '${type}' must use field '${field}'.`);
    }
    if (value === undefined || value.length === 0) {
      throw invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (type.startsWith("Number") && !isNumeric(attribute.StringValue ?? "")) {
      throw invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
    }
  }
}

function validateAttributeName(name: string): void {
  if (Buffer.byteLength(name, "utf8") > 256) {
    throw invalidParameterValue("Length of message attribute name must be less than 256 bytes.");
  }
  if (name.startsWith(".")) throw invalidParameterValue("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith(".")) throw invalidParameterValue("Invalid message attribute name ending with character '.' was found.");
  for (const character of name) {
    if (!ATTRIBUTE_NAME_CHARACTERS.test(character)) {
      const code = `#x${character.codePointAt(0)!.toString(16).toUpperCase()}`;
      throw invalidParameterValue(
        `Invalid non-alphanumeric character '${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
  }
  if (name.includes("..")) throw invalidParameterValue("Message attribute name can not have successive '.' character.");
}

function isNumeric(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim());
}
