/**
 * JSON bodies are parsed without type checks, so a number where a string
 * belongs would reach an operation and crash it. AWS's JSON front ends refuse
 * such bodies with SerializationException before the operation runs; so does
 * this check, walking the input against the SDK schema.
 */
import type { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../errors.js";

export function assertInputShape(schema: NormalizedSchema, value: unknown): void {
  // The compiled check answers the common case; the walk below names what is wrong.
  if (conformsTo(schema)(value)) return;
  findMismatch(schema, value, "");
}

function findMismatch(schema: NormalizedSchema, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const where = path || "the request body";
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) fail(where, "a structure");
    for (const [name, member] of schema.structIterator()) {
      findMismatch(member, (value as Record<string, unknown>)[name], path ? `${path}.${name}` : name);
    }
  } else if (schema.isListSchema()) {
    if (!Array.isArray(value)) fail(where, "a list");
    const item = schema.getValueSchema();
    (value as unknown[]).forEach((v, i) => findMismatch(item, v, `${path}[${i}]`));
  } else if (schema.isMapSchema()) {
    if (typeof value !== "object" || Array.isArray(value)) fail(where, "a map");
    const item = schema.getValueSchema();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) findMismatch(item, v, `${path}.${k}`);
  } else if (schema.isStringSchema()) {
    if (typeof value !== "string") fail(where, "a string");
  } else if (schema.isBooleanSchema()) {
    if (typeof value !== "boolean") fail(where, "a boolean");
  } else if (schema.isNumericSchema()) {
    if (typeof value !== "number" || !Number.isFinite(value)) fail(where, "a number");
  } else if (schema.isTimestampSchema()) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(where, "a timestamp");
  } else if (schema.isBlobSchema()) {
    if (!(value instanceof Uint8Array) && typeof value !== "string") fail(where, "base64 binary data");
  }
}

function fail(where: string, expected: string): never {
  throw new AwsError("SerializationException", `${where} must be ${expected}.`, { status: 400 });
}

/** True when `findMismatch` would find nothing: the same checks, built once per shape. */
type Conformance = (value: unknown) => boolean;

const conformanceByShape = new WeakMap<object, Conformance>();

function conformsTo(schema: NormalizedSchema): Conformance {
  const raw = schema.getSchema() as unknown;
  const key = typeof raw === "object" && raw !== null ? raw : undefined;
  const cached = key && conformanceByShape.get(key);
  if (cached) return cached;
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    const members: [string, Conformance][] = [];
    const check: Conformance = (value) => {
      if (value === undefined || value === null) return true;
      if (typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) return false;
      for (const [name, conforms] of members) if (!conforms((value as Record<string, unknown>)[name])) return false;
      return true;
    };
    // Registered before its members are built, so recursive shapes refer back to it.
    if (key) conformanceByShape.set(key, check);
    for (const [name, member] of schema.structIterator()) members.push([name, conformsTo(member)]);
    return check;
  }
  const check = scalarOrCollectionCheck(schema);
  if (key) conformanceByShape.set(key, check);
  return check;
}

function scalarOrCollectionCheck(schema: NormalizedSchema): Conformance {
  if (schema.isListSchema()) {
    const item = conformsTo(schema.getValueSchema());
    return (value) => value === undefined || value === null || (Array.isArray(value) && value.every((v) => item(v)));
  }
  if (schema.isMapSchema()) {
    const item = conformsTo(schema.getValueSchema());
    return (value) => {
      if (value === undefined || value === null) return true;
      if (typeof value !== "object" || Array.isArray(value)) return false;
      for (const k in value) if (Object.hasOwn(value, k) && !item((value as Record<string, unknown>)[k])) return false;
      return true;
    };
  }
  if (schema.isStringSchema()) return (value) => value === undefined || value === null || typeof value === "string";
  if (schema.isBooleanSchema()) return (value) => value === undefined || value === null || typeof value === "boolean";
  if (schema.isNumericSchema()) return (value) => value === undefined || value === null || (typeof value === "number" && Number.isFinite(value));
  if (schema.isTimestampSchema()) {
    return (value) => value === undefined || value === null || (value instanceof Date && !Number.isNaN(value.getTime()));
  }
  if (schema.isBlobSchema()) return (value) => value === undefined || value === null || value instanceof Uint8Array || typeof value === "string";
  return () => true;
}
