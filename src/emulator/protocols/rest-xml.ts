/**
 * restXml (S3): the bucket comes from the host (virtual-hosted style) or the
 * first path segment (path style); the rest of the path is the object key.
 * XML bodies, `<Error>` envelopes, and no body at all for HEAD errors.
 */
import { XmlShapeDeserializer } from "@aws-sdk/core/protocols";
import type { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../gateway/http-types.js";
import type { ServiceDefinition } from "../services/service.js";
import { ChunkedEncodingError, decodeAwsChunked, isAwsChunked } from "./aws-chunked.js";
import { errorStatus, type DecodedRequest, type ProtocolCodec } from "./codec.js";
import { decodeRestInput, encodeRestOutput, type BodyFormat } from "./rest-bindings.js";
import { matchRoute } from "./rest-routes.js";
import { errorTraits, operationShape } from "./schema.js";
import { escapeXml, writeXmlElement, writeXmlMembers } from "./xml-writer.js";

export const S3_XML_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

const xmlBody: BodyFormat = {
  contentType: "application/xml",
  async readStructure(schema, body) {
    const deserializer = new XmlShapeDeserializer({
      timestampFormat: { useTrait: true, default: 5 },
      httpBindings: true,
      xmlNamespace: S3_XML_NAMESPACE,
      serviceNamespace: "com.amazonaws.s3",
    });
    try {
      return (deserializer.read(schema, new Uint8Array(body)) as Record<string, unknown>) ?? {};
    } catch {
      throw new AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");
    }
  },
  writeStructure(schema, value, asPayload) {
    const name = rootName(schema, asPayload);
    const xml = asPayload
      ? writeXmlElement(name, schema, value, S3_XML_NAMESPACE)
      : `<${name} xmlns="${S3_XML_NAMESPACE}">${writeXmlMembers(schema, value)}</${name}>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  },
};

function rootName(schema: NormalizedSchema, isMember: boolean): string {
  const traits = schema.getMergedTraits();
  if (traits.xmlName) return traits.xmlName as string;
  return isMember ? (schema.getName() ?? schema.getMemberName()) : (schema.getName() ?? "Result");
}

/** Where in the request the bucket and key are. */
export interface S3Address {
  bucket: string | undefined;
  key: string | undefined;
}

export function s3Address(request: HttpRequest, endpointHosts: readonly string[]): S3Address {
  const host = (request.headers["host"] ?? "").toLowerCase();
  const hostname = host.replace(/:\d+$/, "");
  for (const base of endpointHosts) {
    if (hostname.endsWith(`.${base}`)) {
      const bucket = hostname.slice(0, -(base.length + 1));
      return { bucket, key: keyFromPath(request.path.slice(1)) };
    }
  }
  const path = request.path.startsWith("/") ? request.path.slice(1) : request.path;
  const slash = path.indexOf("/");
  if (!path) return { bucket: undefined, key: undefined };
  if (slash === -1) return { bucket: safeDecode(path), key: undefined };
  return { bucket: safeDecode(path.slice(0, slash)), key: keyFromPath(path.slice(slash + 1)) };
}

function keyFromPath(raw: string): string | undefined {
  return raw.length === 0 ? undefined : safeDecode(raw);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export class RestXmlCodec implements ProtocolCodec {
  constructor(private readonly endpointHosts: () => readonly string[]) {}

  async decode(request: HttpRequest, service: ServiceDefinition): Promise<DecodedRequest> {
    if (isAwsChunked(request.headers)) {
      try {
        const { data, trailers } = decodeAwsChunked(request.body);
        request.body = data;
        Object.assign(request.headers, trailers);
      } catch (error) {
        if (error instanceof ChunkedEncodingError) throw new AwsError("IncompleteBody", error.message);
        throw error;
      }
      const encodings = (request.headers["content-encoding"] ?? "").split(",").map((e) => e.trim());
      const remaining = encodings.filter((e) => e && e !== "aws-chunked");
      if (remaining.length > 0) request.headers["content-encoding"] = remaining.join(",");
      else delete request.headers["content-encoding"];
    }
    const { bucket, key } = s3Address(request, this.endpointHosts());
    const routedPath = bucket === undefined ? "/" : key === undefined ? "/" : "/key";
    const candidates = bucket === undefined ? ["ListBuckets", "ListDirectoryBuckets"] : undefined;
    let route = matchRoute(service.schemas, request.method, routedPath, request.query, ["x-id"]);
    const xId = request.query.get("x-id");
    if (xId && operationShape(service.schemas, xId)) route = { operation: xId, labels: {} };
    else if (route && request.headers["x-amz-copy-source"] && route.operation === "PutObject") {
      route = { operation: "CopyObject", labels: {} };
    } else if (route && request.headers["x-amz-copy-source"] && route.operation === "UploadPart") {
      route = { operation: "UploadPartCopy", labels: {} };
    }
    if (!route || (candidates && !candidates.includes(route.operation))) {
      if (bucket === undefined && request.method === "GET") route = { operation: "ListBuckets", labels: {} };
      else throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", { status: 405 });
    }
    const labels: Record<string, string> = {};
    if (bucket !== undefined) labels.Bucket = bucket;
    if (key !== undefined) labels.Key = key;
    const shape = operationShape(service.schemas, route.operation)!;
    const input = await decodeRestInput(shape.input, request, labels, xmlBody);
    return { operation: route.operation, input };
  }

  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse {
    const shape = operationShape(service.schemas, operation)!;
    const encoded = encodeRestOutput(shape.output, (output ?? {}) as Record<string, unknown>, xmlBody);
    const headers: Record<string, string> = { "x-amz-request-id": requestId, "x-amz-id-2": hostId(requestId), ...encoded.headers };
    if (encoded.contentType && !headers["content-type"]) headers["content-type"] = encoded.contentType;
    const empty = encoded.body.length === 0;
    return { status: encoded.status ?? (empty && shape.http?.[0] === "DELETE" ? 204 : shape.http?.[2] ?? 200), headers, body: encoded.body };
  }

  encodeError(error: AwsError, service: ServiceDefinition, requestId: string, request: HttpRequest): HttpResponse {
    const status = errorStatus(error, errorTraits(service.schemas, error.code)?.httpError);
    const headers: Record<string, string> = { "x-amz-request-id": requestId, "x-amz-id-2": hostId(requestId), ...error.headers };
    if (request.method === "HEAD") return { status, headers, body: "" };
    const fields = Object.entries(error.fields)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join("");
    headers["content-type"] = "application/xml";
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message>${fields}<RequestId>${requestId}</RequestId>` +
      `<HostId>${hostId(requestId)}</HostId></Error>`;
    return { status, headers, body };
  }
}

function hostId(requestId: string): string {
  return Buffer.from(`eda-emulator:${requestId}`).toString("base64");
}
