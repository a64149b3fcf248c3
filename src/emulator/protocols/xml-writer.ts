/**
 * Writes a value as XML following its SDK schema: xmlName, xmlFlattened,
 * xmlAttribute and timestamp-format traits, `member` list items and
 * `entry`/`key`/`value` maps — the conventions restXml and awsQuery share.
 */
import type { NormalizedSchema } from "@smithy/core/schema";

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#xD;");
}

/** Serialises `value` as the element `name` of shape `schema`. */
export function writeXmlElement(name: string, schema: NormalizedSchema, value: unknown, xmlns?: string): string {
  const attrs = xmlns ? ` xmlns="${escapeXml(xmlns)}"` : "";
  if (schema.isStructSchema()) return writeStruct(name, schema, value as Record<string, unknown>, attrs);
  return `<${name}${attrs}>${escapeXml(scalarText(schema, value))}</${name}>`;
}

/** Serialises only the members of a structure, without its own element. */
export function writeXmlMembers(schema: NormalizedSchema, value: Record<string, unknown>): string {
  let out = "";
  for (const [memberName, member] of schema.structIterator()) {
    const memberValue = value[memberName];
    if (memberValue === undefined || memberValue === null) continue;
    const traits = member.getMergedTraits();
    if (traits.xmlAttribute) continue;
    const elementName = (traits.xmlName as string | undefined) ?? memberName;
    out += writeMember(elementName, member, memberValue);
  }
  return out;
}

function writeStruct(name: string, schema: NormalizedSchema, value: Record<string, unknown>, attrs: string): string {
  let attributes = attrs;
  for (const [memberName, member] of schema.structIterator()) {
    const traits = member.getMergedTraits();
    const memberValue = value?.[memberName];
    if (traits.xmlAttribute && memberValue !== undefined && memberValue !== null) {
      const attrName = (traits.xmlName as string | undefined) ?? memberName;
      attributes += ` ${attrName}="${escapeXml(scalarText(member, memberValue))}"`;
    }
  }
  return `<${name}${attributes}>${writeXmlMembers(schema, value ?? {})}</${name}>`;
}

function writeMember(elementName: string, member: NormalizedSchema, value: unknown): string {
  const traits = member.getMergedTraits();
  if (member.isListSchema()) {
    const items = value as unknown[];
    const itemSchema = member.getValueSchema();
    if (traits.xmlFlattened) return items.map((item) => writeValue(elementName, itemSchema, item)).join("");
    const itemName = (itemSchema.getMergedTraits().xmlName as string | undefined) ?? "member";
    return `<${elementName}>${items.map((item) => writeValue(itemName, itemSchema, item)).join("")}</${elementName}>`;
  }
  if (member.isMapSchema()) {
    const keySchema = member.getKeySchema();
    const valueSchema = member.getValueSchema();
    const keyName = (keySchema.getMergedTraits().xmlName as string | undefined) ?? "key";
    const valueName = (valueSchema.getMergedTraits().xmlName as string | undefined) ?? "value";
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${keyName}>${escapeXml(k)}</${keyName}>${writeValue(valueName, valueSchema, v)}`);
    if (traits.xmlFlattened) return entries.map((e) => `<${elementName}>${e}</${elementName}>`).join("");
    return `<${elementName}>${entries.map((e) => `<entry>${e}</entry>`).join("")}</${elementName}>`;
  }
  return writeValue(elementName, member, value);
}

function writeValue(name: string, schema: NormalizedSchema, value: unknown): string {
  if (schema.isStructSchema()) return writeStruct(name, schema, value as Record<string, unknown>, "");
  if (schema.isListSchema() || schema.isMapSchema()) return writeMember(name, schema, value);
  return `<${name}>${escapeXml(scalarText(schema, value))}</${name}>`;
}

/** Timestamp formats as the SDK encodes them in schema ids. */
export const TIMESTAMP_DATE_TIME = 5;
export const TIMESTAMP_HTTP_DATE = 6;
export const TIMESTAMP_EPOCH_SECONDS = 7;

/** The format a timestamp member declares, or `fallback` when it uses the protocol default. */
export function timestampFormat(schema: NormalizedSchema, fallback: number): number {
  const id = schema.getSchema();
  return id === TIMESTAMP_DATE_TIME || id === TIMESTAMP_HTTP_DATE || id === TIMESTAMP_EPOCH_SECONDS ? id : fallback;
}

/** The last HTTP date written: objects written in the same second share their Last-Modified text. */
let lastHttpDate = { time: Number.NaN, text: "" };

export function formatTimestamp(value: unknown, format: number): string {
  const date = value instanceof Date ? value : new Date(value as string | number);
  if (format === TIMESTAMP_HTTP_DATE) {
    const time = date.getTime();
    if (time !== lastHttpDate.time) lastHttpDate = { time, text: date.toUTCString() };
    return lastHttpDate.text;
  }
  if (format === TIMESTAMP_EPOCH_SECONDS) return String(date.getTime() / 1000);
  return date.toISOString();
}

/** Text form of a scalar: timestamps in the member's format (ISO-8601 by default), base64 blobs. */
export function scalarText(schema: NormalizedSchema, value: unknown, defaultTimestamp = TIMESTAMP_DATE_TIME): string {
  if (schema.isTimestampSchema()) return formatTimestamp(value, timestampFormat(schema, defaultTimestamp));
  if (schema.isBlobSchema()) return Buffer.from(value as Uint8Array | string).toString("base64");
  return String(value);
}
