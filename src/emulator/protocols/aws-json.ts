/**
 * awsJson1_0 (SQS) and awsJson1_1 (CloudWatch Logs): `X-Amz-Target:
 * Prefix.Operation` with a JSON body. SQS is query-compatible: its errors also
 * carry `x-amzn-query-error: <query code>;<fault>` so SDKs built for the old
 * protocol still see the codes they know.
 */
import { JsonCodec2 } from "@aws-sdk/core/protocols";
import type { JsonShapeDeserializer2 } from "@smithy/core/protocols";
import type { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { ServiceDefinition } from "../services/service.js";
import { errorStatus, type DecodedRequest, type ProtocolCodec } from "./codec.js";
import { errorTraits, operationShape, type SchemaModule } from "./schema.js";
import { assertInputShape } from "./validate-input.js";

type JsonDocument = Parameters<JsonShapeDeserializer2["readObject"]>[1];

const jsonCodec = new JsonCodec2({ timestampFormat: { useTrait: true, default: 7 }, jsonName: false });
// Both keep no state between a write and its flush, or between reads, so one of each serves every request.
const serializer = jsonCodec.createSerializer();
const deserializer = jsonCodec.createDeserializer() as JsonShapeDeserializer2;

export class AwsJsonCodec implements ProtocolCodec {
  constructor(private readonly version: "1.0" | "1.1") {}

  async decode(request: HttpRequest, service: ServiceDefinition): Promise<DecodedRequest> {
    const target = request.headers["x-amz-target"] ?? "";
    const dot = target.lastIndexOf(".");
    const prefix = target.slice(0, dot);
    const operation = target.slice(dot + 1);
    const shape = prefix === service.targetPrefix ? operationShape(service.schemas, operation) : undefined;
    if (!shape) {
      throw new AwsError("UnknownOperationException", `The operation ${target || "(none)"} is not known to ${service.displayName}.`, {
        status: 400,
      });
    }
    const text = request.body.length > 0 ? request.body.toString("utf8") : "{}";
    let parsed: JsonDocument;
    try {
      parsed = JSON.parse(text) as JsonDocument;
    } catch {
      throw new AwsError("SerializationException", "Start of structure or map found where not expected.", { status: 400 });
    }
    // Parsed once; only shapes with big numbers need the SDK's own parse (it keeps their digits).
    const input = (
      readsBigNumbers(shape.input) ? await deserializer.read(shape.input, text) : deserializer.readObject(shape.input, parsed)
    ) as Record<string, unknown>;
    assertInputShape(shape.input, input);
    return { operation, input: input ?? {} };
  }

  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse {
    const shape = operationShape(service.schemas, operation);
    let body = "{}";
    if (shape && output && Object.keys(output).length > 0) {
      serializer.write(shape.output, output);
      body = textOf(serializer.flush());
    }
    return {
      status: 200,
      headers: { "content-type": `application/x-amz-json-${this.version}`, "x-amzn-requestid": requestId },
      body,
    };
  }

  encodeError(error: AwsError, service: ServiceDefinition, requestId: string): HttpResponse {
    const traits = errorTraits(service.schemas, error.code);
    const status = errorStatus(error, traits?.httpError);
    const headers: Record<string, string> = {
      "content-type": `application/x-amz-json-${this.version}`,
      "x-amzn-requestid": requestId,
      ...error.headers,
    };
    const queryCode = error.queryCode ?? traits?.awsQueryError?.[0];
    if (service.queryCompatible) headers["x-amzn-query-error"] = `${queryCode ?? error.code};${error.fault}`;
    const body = JSON.stringify({ __type: qualifiedErrorName(service.schemas, error.code), message: error.message });
    return { status, headers, body };
  }
}

const bigNumberShapes = new WeakMap<NormalizedSchema, boolean>();

/** Whether a shape holds big integers, big decimals or documents anywhere (as the SDK's JSON reviver decides). */
function readsBigNumbers(schema: NormalizedSchema): boolean {
  let answer = bigNumberShapes.get(schema);
  if (answer === undefined) {
    answer = holdsBigNumbers(schema, new Set());
    bigNumberShapes.set(schema, answer);
  }
  return answer;
}

function holdsBigNumbers(schema: NormalizedSchema, seen: Set<unknown>): boolean {
  const raw = schema.getSchema();
  if (seen.has(raw)) return false;
  seen.add(raw);
  if (schema.isBigIntegerSchema() || schema.isBigDecimalSchema() || schema.isDocumentSchema()) return true;
  if (schema.isStructSchema()) {
    for (const [, member] of schema.structIterator()) if (holdsBigNumbers(member, seen)) return true;
    return false;
  }
  if (schema.isListSchema() || schema.isMapSchema()) return holdsBigNumbers(schema.getValueSchema(), seen);
  return false;
}

/** `com.amazonaws.sqs#QueueDoesNotExist` when the SDK knows the shape's namespace. */
function qualifiedErrorName(module: SchemaModule, code: string): string {
  const raw = module[`${code}$`];
  return Array.isArray(raw) && typeof raw[1] === "string" ? `${raw[1]}#${code}` : code;
}

export function textOf(data: string | Uint8Array): string {
  // Wrap the bytes without Buffer.from(view): that calls the SDK adapter's valueOf(), which warns.
  return typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
}
