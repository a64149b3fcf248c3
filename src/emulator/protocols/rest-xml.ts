/**
 * restXml (S3): the bucket comes from the host (virtual-hosted style) or the
 * first path segment (path style); the rest of the path is the object key.
 * XML bodies, `<Error>` envelopes, and no body at all for HEAD errors.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { XmlShapeDeserializer } from "@aws-sdk/core/protocols";
import type { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { ServiceDefinition } from "../services/service.js";
import { ChunkedEncodingError, decodeAwsChunked, isAwsChunked } from "./aws-chunked.js";
import { errorStatus, type DecodedRequest, type ProtocolCodec } from "./codec.js";
import { decodeRestInput, encodeRestOutput, type BodyFormat } from "./rest-bindings.js";
import { matchRoute } from "./rest-routes.js";
import { errorTraits, operationShape } from "./schema.js";
import { escapeXml, writeXmlElement, writeXmlMembers } from "./xml-writer.js";

export const S3_XML_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

/**
 * PUTs S3 answers with 204 No Content, like every bodiless DELETE (localstack
 * tests/aws/services/s3/test_s3.snapshot.json "put-bucket-policy",
 * test_s3_api.snapshot.json "test_bucket_tagging_crud" "put-bucket-tags").
 */
const NO_CONTENT_PUTS = new Set(["PutBucketPolicy", "PutBucketTagging"]);

/** The operations addressed to the service rather than to a bucket. */
const BUCKETLESS_OPERATIONS = new Set(["ListBuckets", "ListDirectoryBuckets"]);

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
        const declared = request.headers["x-amz-decoded-content-length"];
        if (declared !== undefined && Number(declared) !== data.length) {
          throw new ChunkedEncodingError(`The decoded body is ${data.length} bytes, x-amz-decoded-content-length says ${declared}.`);
        }
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
    const accepts = (operation: string) => BUCKETLESS_OPERATIONS.has(operation) === (bucket === undefined);
    const xId = request.query.get("x-id");
    const namedByXId = xId !== null && operationShape(service.schemas, xId) !== undefined;
    // The SDK's x-id names the operation outright; only clients without it need the route table.
    let route = namedByXId
      ? { operation: xId, labels: {} }
      : matchRoute(service.schemas, request.method, routedPath, request.query, ["x-id"], accepts);
    if (!namedByXId && route && key !== undefined && AMBIGUOUS_OBJECT_OPERATIONS.has(route.operation)) {
      route = { operation: objectOperation(request), labels: {} };
    }
    if (!route) {
      if (bucket === undefined && request.method === "GET") route = { operation: "ListBuckets", labels: {} };
      else throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", { status: 405 });
    }
    const labels: Record<string, string> = {};
    if (bucket !== undefined) labels.Bucket = bucket;
    if (key !== undefined) labels.Key = key;
    if (route.operation !== "CompleteMultipartUpload") assertPayloadIntegrity(request);
    const shape = operationShape(service.schemas, route.operation)!;
    const input = await decodeRestInput(shape.input, request, labels, xmlBody);
    return { operation: route.operation, input };
  }

  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse {
    const shape = operationShape(service.schemas, operation)!;
    const encoded = encodeRestOutput(shape.output, (output ?? {}) as Record<string, unknown>, xmlBody);
    const headers: Record<string, string> = { "x-amz-request-id": requestId, "x-amz-id-2": s3HostId(requestId), ...encoded.headers };
    if (encoded.contentType && !headers["content-type"]) headers["content-type"] = encoded.contentType;
    // HeadBucket's bodiless answer still names XML (localstack test_s3.snapshot.json "test_create_bucket_head_bucket").
    if (operation === "HeadBucket") headers["content-type"] = "application/xml";
    const empty = encoded.body.length === 0;
    // A Range request answers 206 Partial Content; the SDK models no status member for it.
    const partial = (operation === "GetObject" || operation === "HeadObject") && headers["content-range"] !== undefined;
    const noContent = empty && (shape.http?.[0] === "DELETE" || NO_CONTENT_PUTS.has(operation));
    const status = encoded.status ?? (partial ? 206 : noContent ? 204 : shape.http?.[2] ?? 200);
    return { status, headers, body: encoded.body };
  }

  encodeError(error: AwsError, service: ServiceDefinition, requestId: string, request: HttpRequest): HttpResponse {
    const status = errorStatus(error, errorTraits(service.schemas, error.code)?.httpError);
    const headers: Record<string, string> = { "x-amz-request-id": requestId, "x-amz-id-2": s3HostId(requestId), ...error.headers };
    if (request.method === "HEAD" || status === 304) return { status, headers, body: "" };
    const fields = Object.entries(error.fields)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join("");
    headers["content-type"] = "application/xml";
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message>${fields}<RequestId>${requestId}</RequestId>` +
      `<HostId>${s3HostId(requestId)}</HostId></Error>`;
    return { status, headers, body };
  }
}

/** The x-amz-id-2 S3 pairs with each request id (also quoted in event records). */
export function s3HostId(requestId: string): string {
  return Buffer.from(`eda-emulator:${requestId}`).toString("base64");
}

/** Object operations that share a method and path template and differ only in their x-id. */
const AMBIGUOUS_OBJECT_OPERATIONS = new Set([
  "GetObject",
  "ListParts",
  "PutObject",
  "CopyObject",
  "UploadPart",
  "UploadPartCopy",
  "DeleteObject",
  "AbortMultipartUpload",
  "CompleteMultipartUpload",
]);

/**
 * Clients without the synthetic `x-id` (botocore, the AWS CLI) tell these
 * apart by the uploadId query parameter and the x-amz-copy-source header.
 */
function objectOperation(request: HttpRequest): string {
  const multipart = request.query.has("uploadId");
  const copy = request.headers["x-amz-copy-source"] !== undefined;
  switch (request.method) {
    case "GET":
      return multipart ? "ListParts" : "GetObject";
    case "PUT":
      if (multipart) return copy ? "UploadPartCopy" : "UploadPart";
      return copy ? "CopyObject" : "PutObject";
    case "DELETE":
      return multipart ? "AbortMultipartUpload" : "DeleteObject";
    default:
      return "CompleteMultipartUpload";
  }
}

/**
 * S3 checks the body it received against Content-MD5 and a CRC32 checksum
 * (header or aws-chunked trailer) before doing anything with it.
 * CompleteMultipartUpload is exempt: its checksum header describes the object.
 */
function assertPayloadIntegrity(request: HttpRequest): void {
  const contentMd5 = request.headers["content-md5"];
  if (contentMd5 !== undefined) {
    const expected = Buffer.from(contentMd5, "base64");
    if (expected.length !== 16 || expected.toString("base64") !== contentMd5.trim()) {
      throw new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", { status: 400, fields: { "Content-MD5": contentMd5 } });
    }
    const calculated = createHash("md5").update(request.body).digest("base64");
    if (calculated !== contentMd5.trim()) {
      throw new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", {
        status: 400,
        fields: { ExpectedDigest: expected.toString("hex"), CalculatedDigest: calculated },
      });
    }
  }
  const crc32Header = request.headers["x-amz-checksum-crc32"];
  if (crc32Header !== undefined) {
    if (Buffer.from(crc32Header, "base64").length !== 4) {
      throw new AwsError("InvalidRequest", "Value for x-amz-checksum-crc32 header is invalid.", { status: 400 });
    }
    const digest = Buffer.alloc(4);
    digest.writeUInt32BE(crc32(request.body) >>> 0);
    if (digest.toString("base64") !== crc32Header.trim()) {
      throw new AwsError("BadDigest", "The CRC32 you specified did not match the calculated checksum.", { status: 400 });
    }
  }
}
