/**
 * The emulator's codecs are driven by the AWS SDK's own service schemas (the
 * `XCommand$` static schemas each v3 client exports), so member names, XML
 * names, flattening, HTTP bindings and error codes are exactly what the SDK
 * and other clients built from the same models expect.
 */
import { NormalizedSchema, translateTraits } from "@smithy/core/schema";
import type { ErrorTraits, SchemaModule } from "../sdk-schemas.js";

type StaticOperation = [number, string, string, unknown, () => unknown, () => unknown];

export interface OperationShape {
  name: string;
  /** [method, path template, success status] for REST protocols. */
  http?: [string, string, number];
  input: NormalizedSchema;
  output: NormalizedSchema;
}

const operationCache = new WeakMap<SchemaModule, Map<string, OperationShape | null>>();

export function operationShape(module: SchemaModule, name: string): OperationShape | undefined {
  let cache = operationCache.get(module);
  if (!cache) {
    cache = new Map();
    operationCache.set(module, cache);
  }
  if (!cache.has(name)) {
    const raw = module[`${name}$`] as StaticOperation | undefined;
    if (!Array.isArray(raw) || raw[0] !== 9) {
      cache.set(name, null);
    } else {
      const traits = translateTraits(raw[3] as never) as { http?: [string, string, number] };
      cache.set(name, {
        name,
        http: traits.http,
        input: NormalizedSchema.of(raw[4]() as never),
        output: NormalizedSchema.of(raw[5]() as never),
      });
    }
  }
  return cache.get(name) ?? undefined;
}

/** Every operation the SDK knows for a service (used for REST routing). */
export function operationNames(module: SchemaModule): string[] {
  return Object.entries(module)
    .filter(([key, value]) => key.endsWith("$") && Array.isArray(value) && value[0] === 9)
    .map(([key]) => key.slice(0, -1));
}

/** Maps a query wire code (e.g. "AWS.SimpleQueueService.NonExistentQueue") back to its exception name. */
export function errorNameForQueryCode(module: SchemaModule, wireCode: string): string | undefined {
  for (const [key, value] of Object.entries(module)) {
    if (!key.endsWith("$") || !Array.isArray(value) || value[0] !== -3) continue;
    const traits = translateTraits(value[3] as never) as ErrorTraits;
    if (traits.awsQueryError?.[0] === wireCode) return key.slice(0, -1);
  }
  return undefined;
}
