/**
 * A protocol codec turns an HTTP request into (operation, input) and an
 * operation's output or error into the HTTP response its clients expect.
 * There is one codec per AWS protocol, shared by every service that speaks it.
 */
import type { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { ServiceDefinition } from "../services/service.js";

export interface DecodedRequest {
  operation: string;
  input: Record<string, unknown>;
}

export interface ProtocolCodec {
  decode(request: HttpRequest, service: ServiceDefinition): Promise<DecodedRequest> | DecodedRequest;
  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse;
  encodeError(error: AwsError, service: ServiceDefinition, requestId: string, request: HttpRequest): HttpResponse;
}

/** The status an error is sent with: explicit, else the SDK error schema's, else 400/500. */
export function errorStatus(error: AwsError, schemaStatus: number | undefined): number {
  return error.status ?? schemaStatus ?? (error.fault === "Receiver" ? 500 : 400);
}
