/**
 * awsJson1_0 (SQS) and awsJson1_1 (CloudWatch Logs): `X-Amz-Target:
 * Prefix.Operation` with a JSON body. SQS is query-compatible: its errors also
 * carry `x-amzn-query-error: <query code>;<fault>` so SDKs built for the old
 * protocol still see the codes they know.
 */
import { JsonCodec2 } from "@aws-sdk/core/protocols";
import { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../gateway/http-types.js";
import type { ServiceDefinition } from "../services/service.js";
import { errorStatus, type DecodedRequest, type ProtocolCodec } from "./codec.js";
import { errorTraits, operationShape, type SchemaModule } from "./schema.js";
import { assertInputShape } from "./validate-input.js";

const jsonCodec = new JsonCodec2({ timestampFormat: { useTrait: true, default: 7 }, jsonName: false });

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
    try {
      JSON.parse(text);
    } catch {
      throw new AwsError("SerializationException", "Start of structure or map found where not expected.", { status: 400 });
    }
    const input = (await jsonCodec.createDeserializer().read(shape.input, text)) as Record<string, unknown>;
    assertInputShape(shape.input, input);
    return { operation, input: input ?? {} };
  }

  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse {
    const shape = operationShape(service.schemas, operation);
    let body = "{}";
    if (shape && output && Object.keys(output).length > 0) {
      const serializer = jsonCodec.createSerializer();
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

/** `com.amazonaws.sqs#QueueDoesNotExist` when the SDK knows the shape's namespace. */
function qualifiedErrorName(module: SchemaModule, code: string): string {
  const raw = module[`${code}$`];
  return Array.isArray(raw) && typeof raw[1] === "string" ? `${raw[1]}#${code}` : code;
}

export function textOf(data: string | Uint8Array): string {
  // Wrap the bytes without Buffer.from(view): that calls the SDK adapter's valueOf(), which warns.
  return typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
}
