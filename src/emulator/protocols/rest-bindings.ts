/**
 * HTTP bindings shared by restJson1 and restXml: members bound to path
 * labels, query parameters, headers, prefixed headers, the payload and the
 * response status. Everything else travels in the protocol's body document.
 */
import type { NormalizedSchema } from "@smithy/core/schema";
import type { HttpRequest } from "./http-types.js";
import { parseScalar } from "./aws-query.js";
import { formatTimestamp, timestampFormat, TIMESTAMP_HTTP_DATE } from "./xml-writer.js";

export interface BodyFormat {
  /** Parses a structure from a body document (the whole input, or a struct payload). */
  readStructure(schema: NormalizedSchema, body: Buffer): Promise<Record<string, unknown>>;
  /** Writes a structure's body members (or a struct payload) as a document. */
  writeStructure(schema: NormalizedSchema, value: Record<string, unknown>, asPayload: boolean): string;
  contentType: string;
}

interface Traits {
  httpLabel?: unknown;
  httpQuery?: string;
  httpQueryParams?: unknown;
  httpHeader?: string;
  httpPrefixHeaders?: string;
  httpPayload?: unknown;
  httpResponseCode?: unknown;
}

/** One member of a structure and where it travels; worked out once per shape, not per request. */
interface MemberBinding {
  name: string;
  member: NormalizedSchema;
  traits: Traits;
  /** Anywhere but the body document. */
  bound: boolean;
  /** httpHeader, lower-cased. */
  header: string | undefined;
  /** httpPrefixHeaders, lower-cased. */
  headerPrefix: string | undefined;
}

interface ShapeBindings {
  members: MemberBinding[];
  /** Positions in `members` of the members bound to each (lower-cased) header. */
  byHeader: Map<string, number[]>;
  /** Positions of the members bound to prefixed headers (S3's x-amz-meta-*). */
  prefixed: number[];
}

const bindingsByShape = new WeakMap<NormalizedSchema, ShapeBindings>();

function bindingsOf(schema: NormalizedSchema): ShapeBindings {
  let bindings = bindingsByShape.get(schema);
  if (!bindings) {
    bindings = { members: [], byHeader: new Map(), prefixed: [] };
    for (const [name, member] of schema.structIterator()) {
      const traits = member.getMergedTraits() as Traits;
      const binding: MemberBinding = {
        name,
        member,
        traits,
        bound: isBound(traits),
        header: traits.httpHeader?.toLowerCase(),
        headerPrefix: traits.httpPrefixHeaders?.toLowerCase(),
      };
      const position = bindings.members.push(binding) - 1;
      if (binding.header) bindings.byHeader.set(binding.header, [...(bindings.byHeader.get(binding.header) ?? []), position]);
      if (binding.headerPrefix) bindings.prefixed.push(position);
    }
    bindingsByShape.set(schema, bindings);
  }
  return bindings;
}

/**
 * The request's headers by the member they belong to, in one pass over the
 * few headers a request has rather than one lookup per header the shape
 * could bind (S3 shapes bind dozens).
 */
function headersByMember(bindings: ShapeBindings, headers: Record<string, string>): (string | Record<string, string> | undefined)[] {
  const found: (string | Record<string, string> | undefined)[] = new Array(bindings.members.length);
  for (const name in headers) {
    const value = headers[name]!;
    const positions = bindings.byHeader.get(name);
    if (positions) for (const position of positions) found[position] = value;
    for (const position of bindings.prefixed) {
      const prefix = bindings.members[position]!.headerPrefix!;
      if (name.startsWith(prefix)) ((found[position] as Record<string, string> | undefined) ??= {})[name.slice(prefix.length)] = value;
    }
  }
  return found;
}

function isBound(t: Traits): boolean {
  return Boolean(t.httpLabel || t.httpQuery || t.httpQueryParams || t.httpHeader || t.httpPrefixHeaders || t.httpPayload || t.httpResponseCode);
}

export async function decodeRestInput(
  schema: NormalizedSchema,
  request: HttpRequest,
  labels: Record<string, string>,
  format: BodyFormat,
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  let hasBodyMembers = false;
  const bindings = bindingsOf(schema);
  const fromHeaders = headersByMember(bindings, request.headers);
  for (let position = 0; position < bindings.members.length; position++) {
    const { name, member, traits: t, header, headerPrefix } = bindings.members[position]!;
    if (t.httpLabel) {
      if (labels[name] !== undefined) input[name] = parseScalar(member, labels[name]);
    } else if (t.httpQuery) {
      const values = request.query.getAll(t.httpQuery);
      if (values.length === 0) continue;
      input[name] = member.isListSchema()
        ? values.map((v) => parseScalar(member.getValueSchema(), v))
        : parseScalar(member, values[0]!);
    } else if (t.httpQueryParams) {
      const map: Record<string, string> = {};
      for (const [k, v] of request.query) map[k] = v;
      input[name] = map;
    } else if (header) {
      const raw = fromHeaders[position] as string | undefined;
      if (raw === undefined) continue;
      input[name] = parseHeader(member, raw);
    } else if (headerPrefix) {
      const map = fromHeaders[position];
      if (map !== undefined) input[name] = map;
    } else if (t.httpPayload) {
      if (member.isStructSchema()) {
        if (request.body.length > 0) input[name] = await format.readStructure(member, request.body);
      } else if (member.isStringSchema()) {
        input[name] = request.body.toString("utf8");
      } else {
        input[name] = new Uint8Array(request.body);
      }
    } else {
      hasBodyMembers = true;
    }
  }
  if (hasBodyMembers && request.body.length > 0) {
    const body = await format.readStructure(schema, request.body);
    for (const { name, bound } of bindings.members) {
      if (!bound && body[name] !== undefined) input[name] = body[name];
    }
  }
  return input;
}

function parseHeader(member: NormalizedSchema, raw: string): unknown {
  if (member.isListSchema()) return raw.split(",").map((v) => parseScalar(member.getValueSchema(), v.trim()));
  if (member.isTimestampSchema()) {
    return timestampFormat(member, TIMESTAMP_HTTP_DATE) === TIMESTAMP_HTTP_DATE ? new Date(raw) : parseScalar(member, raw);
  }
  if (member.getMergedTraits().mediaType) return Buffer.from(raw, "base64").toString("utf8");
  return parseScalar(member, raw);
}

export interface EncodedRestOutput {
  status: number | undefined;
  headers: Record<string, string>;
  body: Buffer | string;
  contentType: string | undefined;
}

export function encodeRestOutput(
  schema: NormalizedSchema,
  output: Record<string, unknown>,
  format: BodyFormat,
): EncodedRestOutput {
  const headers: Record<string, string> = {};
  let status: number | undefined;
  let payload: Buffer | string | undefined;
  let contentType: string | undefined;
  const bodyMembers: Record<string, unknown> = {};
  let hasBodyMembers = false;
  for (const { name, member, traits: t, bound, header, headerPrefix } of bindingsOf(schema).members) {
    const value = output[name];
    if (t.httpResponseCode) {
      if (typeof value === "number") status = value;
      continue;
    }
    if (t.httpPayload) {
      if (value === undefined || value === null) continue;
      if (member.isStructSchema()) {
        payload = format.writeStructure(member, value as Record<string, unknown>, true);
        contentType = format.contentType;
      } else if (typeof value === "string") {
        payload = value;
      } else {
        payload = Buffer.from(value as Uint8Array);
      }
      continue;
    }
    if (value === undefined || value === null) {
      if (!bound) hasBodyMembers = true;
      continue;
    }
    if (header) {
      headers[header] = headerText(member, value);
    } else if (headerPrefix) {
      for (const [k, v] of Object.entries(value as Record<string, string>)) headers[`${headerPrefix}${k}`] = v;
    } else if (!bound) {
      hasBodyMembers = true;
      bodyMembers[name] = value;
    }
  }
  if (payload === undefined && hasBodyMembers) {
    payload = format.writeStructure(schema, bodyMembers, false);
    contentType = format.contentType;
  }
  return { status, headers, body: payload ?? "", contentType };
}

function headerText(member: NormalizedSchema, value: unknown): string {
  if (member.isListSchema()) return (value as unknown[]).map(String).join(",");
  if (member.isTimestampSchema()) return formatTimestamp(value, timestampFormat(member, TIMESTAMP_HTTP_DATE));
  if (member.getMergedTraits().mediaType) return Buffer.from(String(value)).toString("base64");
  return String(value);
}

