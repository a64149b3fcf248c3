/**
 * JSON bodies are parsed without type checks, so a number where a string
 * belongs would reach an operation and crash it. AWS's JSON front ends refuse
 * such bodies with SerializationException before the operation runs; so does
 * this check, walking the input against the SDK schema.
 */
import type { NormalizedSchema } from "@smithy/core/schema";
import { AwsError } from "../errors.js";

export function assertInputShape(schema: NormalizedSchema, value: unknown, path = ""): void {
  if (value === undefined || value === null) return;
  const where = path || "the request body";
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) fail(where, "a structure");
    for (const [name, member] of schema.structIterator()) {
      assertInputShape(member, (value as Record<string, unknown>)[name], path ? `${path}.${name}` : name);
    }
  } else if (schema.isListSchema()) {
    if (!Array.isArray(value)) fail(where, "a list");
    const item = schema.getValueSchema();
    (value as unknown[]).forEach((v, i) => assertInputShape(item, v, `${path}[${i}]`));
  } else if (schema.isMapSchema()) {
    if (typeof value !== "object" || Array.isArray(value)) fail(where, "a map");
    const item = schema.getValueSchema();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) assertInputShape(item, v, `${path}.${k}`);
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
