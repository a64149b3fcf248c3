/**
 * awsQuery (SNS, IAM, STS, and SQS for older clients): form-encoded
 * `Action=Op&Version=...` requests with flattened member names
 * (`Tags.member.1.Key`, `Attributes.entry.1.key`, `Attribute.1.Name`), and
 * `<OpResponse><OpResult>...</OpResult><ResponseMetadata>` XML answers.
 */
import type { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { ServiceDefinition } from "../services/service.js";
import { errorStatus, type DecodedRequest, type ProtocolCodec } from "./codec.js";
import { errorTraits } from "../sdk-schemas.js";
import { operationShape, type OperationShape } from "./schema.js";
import { stringStructure, structure, writeXmlDocument, type XmlSchema } from "./xml-document.js";

export interface QueryDialect {
  xmlNamespace: string;
  version: string;
}

export class AwsQueryCodec implements ProtocolCodec {
  constructor(private readonly dialect: (service: ServiceDefinition) => QueryDialect) {}

  decode(request: HttpRequest, service: ServiceDefinition): DecodedRequest {
    const params = new URLSearchParams(request.body.length > 0 ? request.body.toString("utf8") : request.rawQuery);
    const action = params.get("Action");
    if (!action) {
      throw new AwsError("MissingAction", "Missing Action parameter.", { status: 400 });
    }
    const shape = operationShape(service.schemas, action);
    if (!shape) {
      throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, { status: 400 });
    }
    return { operation: action, input: readQueryStructure(shape.input, new QueryParams(params), "") };
  }

  encode(operation: string, output: unknown, service: ServiceDefinition, requestId: string): HttpResponse {
    const { xmlNamespace } = this.dialect(service);
    const shape = operationShape(service.schemas, operation)!;
    const envelope = { [`${operation}Result`]: output ?? {}, ResponseMetadata: { RequestId: requestId } };
    const body = writeXmlDocument(QUERY_DECLARATION, responseEnvelope(shape), envelope, xmlNamespace);
    return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
  }

  encodeError(error: AwsError, service: ServiceDefinition, requestId: string): HttpResponse {
    const { xmlNamespace } = this.dialect(service);
    const traits = errorTraits(service.schemas, error.code);
    const wireCode = error.queryCode ?? traits?.awsQueryError?.[0] ?? error.code;
    const status = errorStatus(error, traits?.awsQueryError?.[1] ?? traits?.httpError);
    return {
      status,
      headers: { "content-type": "text/xml", "x-amzn-requestid": requestId, ...error.headers },
      body: queryErrorDocument({ type: error.fault, code: wireCode, message: error.queryMessage ?? error.message }, requestId, xmlNamespace),
    };
  }
}

/**
 * `<ErrorResponse><Error><Type/><Code/><Message/><Detail/></Error><RequestId/>`: the
 * query error envelope, which every SDK reads (the gateway's refusals before any
 * service is known use it too).
 */
export function queryErrorDocument(error: { type: string; code: string; message: string }, requestId: string, xmlNamespace = ""): string {
  const envelope = { Error: { Type: error.type, Code: error.code, Message: error.message, Detail: "" }, RequestId: requestId };
  return writeXmlDocument(QUERY_DECLARATION, ERROR_RESPONSE, envelope, xmlNamespace);
}

/**
 * `<OpResponse><OpResult>...</OpResult><ResponseMetadata><RequestId>` (botocore
 * QueryParser reads the result from `OpResult`; operations without output send
 * only the metadata).
 */
const QUERY_DECLARATION = '<?xml version="1.0"?>\n';
const RESPONSE_METADATA = stringStructure("ResponseMetadata", ["RequestId"]);
const ERROR_RESPONSE = structure("ErrorResponse", [
  ["Error", stringStructure("Error", ["Type", "Code", "Message", "Detail"])],
  ["RequestId", 0],
]);

const responseEnvelopes = new WeakMap<OperationShape, XmlSchema>();

function responseEnvelope(shape: OperationShape): XmlSchema {
  let envelope = responseEnvelopes.get(shape);
  if (!envelope) {
    const members: [string, unknown][] = [];
    if (!shape.output.isUnitSchema()) members.push([`${shape.name}Result`, shape.output.getSchema()]);
    members.push(["ResponseMetadata", RESPONSE_METADATA]);
    envelope = structure(`${shape.name}Response`, members);
    responseEnvelopes.set(shape, envelope);
  }
  return envelope;
}

/** Form parameters with a prefix index, so absent members cost nothing to skip. */
class QueryParams {
  private readonly values = new Map<string, string>();
  private readonly prefixes = new Set<string>();

  constructor(params: URLSearchParams) {
    for (const [key, value] of params) {
      this.values.set(key, value);
      let dot = key.indexOf(".");
      while (dot !== -1) {
        this.prefixes.add(key.slice(0, dot));
        dot = key.indexOf(".", dot + 1);
      }
    }
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key) || this.prefixes.has(key);
  }
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function readQueryStructure(schema: NormalizedSchema, params: QueryParams, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [memberName, member] of schema.structIterator()) {
    const key = join(prefix, (member.getMergedTraits().xmlName as string | undefined) ?? memberName);
    if (!params.has(key)) continue;
    const value = readQueryValue(member, params, key);
    if (value !== undefined) out[memberName] = value;
  }
  return out;
}

function readQueryValue(schema: NormalizedSchema, params: QueryParams, key: string): unknown {
  if (schema.isStructSchema()) return readQueryStructure(schema, params, key);
  if (schema.isListSchema()) {
    const itemSchema = schema.getValueSchema();
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    const itemName = (itemSchema.getMergedTraits().xmlName as string | undefined) ?? "member";
    const items: unknown[] = [];
    for (let i = 1; ; i++) {
      const itemKey = flat ? `${key}.${i}` : `${key}.${itemName}.${i}`;
      if (!params.has(itemKey)) break;
      items.push(readQueryValue(itemSchema, params, itemKey));
    }
    return items;
  }
  if (schema.isMapSchema()) {
    const keySchema = schema.getKeySchema();
    const valueSchema = schema.getValueSchema();
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    const keyName = (keySchema.getMergedTraits().xmlName as string | undefined) ?? "key";
    const valueName = (valueSchema.getMergedTraits().xmlName as string | undefined) ?? "value";
    const map: Record<string, unknown> = {};
    for (let i = 1; ; i++) {
      const entryKey = flat ? `${key}.${i}` : `${key}.entry.${i}`;
      if (!params.has(entryKey)) break;
      const name = params.get(`${entryKey}.${keyName}`);
      if (name === undefined) continue;
      map[name] = readQueryValue(valueSchema, params, `${entryKey}.${valueName}`);
    }
    return map;
  }
  const text = params.get(key);
  if (text === undefined) return undefined;
  return parseScalar(schema, text);
}

/** Converts the text form of a scalar member to the type the SDK input uses. */
export function parseScalar(schema: NormalizedSchema, text: string): unknown {
  if (schema.isBooleanSchema()) return text === "true";
  if (schema.isNumericSchema()) {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n)) {
      throw new AwsError("InvalidParameterValue", `Value ${text} for parameter ${schema.getMemberName()} is invalid.`);
    }
    return n;
  }
  if (schema.isTimestampSchema()) return /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (schema.isBlobSchema()) return new Uint8Array(Buffer.from(text, "base64"));
  return text;
}
