/**
 * restJson1 (Lambda): REST paths and headers, JSON bodies; errors carry
 * `x-amzn-ErrorType` and a `{"Type","Message"}` body.
 */
import { JsonCodec2 } from "@aws-sdk/core/protocols";
import { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { ServiceDefinition } from "../services/service.js";
import { textOf } from "./aws-json.js";
import { errorStatus, type DecodedRequest, type ProtocolCodec } from "./codec.js";
import { decodeRestInput, encodeRestOutput, type BodyFormat } from "./rest-bindings.js";
import { matchRoute } from "./rest-routes.js";
import { errorTraits, operationShape } from "./schema.js";
import { assertInputShape } from "./validate-input.js";

const jsonCodec = new JsonCodec2({ timestampFormat: { useTrait: true, default: 7 }, jsonName: true });

export const jsonBody: BodyFormat = {
  contentType: "application/json",
  async readStructure(schema, body) {
    const text = body.toString("utf8");
    try {
      JSON.parse(text);
    } catch {
      throw new AwsError("SerializationException", "Could not parse request body into json.", { status: 400 });
    }
    const value = ((await jsonCodec.createDeserializer().read(schema, text)) as Record<string, unknown>) ?? {};
    assertInputShape(schema, value);
    return value;
  },
  writeStructure(schema, value) {
    const serializer = jsonCodec.createSerializer();
    serializer.write(schema, value);
    return textOf(serializer.flush());
  },
};

export class RestJsonCodec implements ProtocolCodec {
  async decode(request: HttpRequest, service: ServiceDefinition): Promise<DecodedRequest> {
    const route = matchRoute(service.schemas, request.method, request.path, request.query);
    if (!route) {
      throw new AwsError("UnknownOperationException", `No ${service.displayName} operation matches ${request.method} ${request.path}.`, {
        status: 404,
      });
    }
    const shape = operationShape(service.schemas, route.operation)!;
    const input = await decodeRestInput(shape.input, request, route.labels, jsonBody);
    return { operation: route.operation, input };
  }

  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse {
    const shape = operationShape(service.schemas, operation)!;
    const encoded = encodeRestOutput(shape.output, (output ?? {}) as Record<string, unknown>, jsonBody);
    const headers: Record<string, string> = { "x-amzn-requestid": requestId, ...encoded.headers };
    if (encoded.contentType) headers["content-type"] = encoded.contentType;
    else if (!headers["content-type"]) headers["content-type"] = "application/json";
    return { status: encoded.status ?? shape.http?.[2] ?? 200, headers, body: encoded.body };
  }

  encodeError(error: AwsError, service: ServiceDefinition, requestId: string): HttpResponse {
    const status = errorStatus(error, errorTraits(service.schemas, error.code)?.httpError);
    return {
      status,
      headers: {
        "content-type": "application/json",
        "x-amzn-requestid": requestId,
        "x-amzn-errortype": error.code,
        ...error.headers,
      },
      body: JSON.stringify({ Type: error.fault === "Sender" ? "User" : "Service", Message: error.message, ...error.fields }),
    };
  }
}
