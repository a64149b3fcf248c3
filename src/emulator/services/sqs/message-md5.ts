/**
 * The digests SQS returns with messages (SQS guide, "Calculating the MD5
 * message digest for message attributes"): MD5OfBody is the hex MD5 of the
 * UTF-8 body; MD5OfMessageAttributes hashes the attributes sorted by name,
 * each as length-prefixed name, length-prefixed data type, one transport byte
 * (1 = string, 2 = binary) and the length-prefixed value.
 */
import { createHash, hash } from "node:crypto";
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";

const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

export function md5Hex(text: string): string {
  return hash("md5", text, "hex");
}

/** Undefined for no attributes: SQS then omits the digest. */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string | undefined {
  const names = Object.keys(attributes).sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  if (names.length === 0) return undefined;
  const hash = createHash("md5");
  for (const name of names) {
    const value = attributes[name]!;
    const dataType = value.DataType ?? "";
    hash.update(lengthPrefixed(Buffer.from(name, "utf8")));
    hash.update(lengthPrefixed(Buffer.from(dataType, "utf8")));
    if (dataType.startsWith("Binary")) {
      hash.update(Buffer.of(BINARY_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.BinaryValue ?? new Uint8Array())));
    } else {
      hash.update(Buffer.of(STRING_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.StringValue ?? "", "utf8")));
    }
  }
  return hash.digest("hex");
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
