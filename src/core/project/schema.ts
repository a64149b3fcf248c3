/**
 * Validates a parsed project file against the JSON Schema eda ships
 * (schema/eda.schema.json, the file editors use through `$schema`). Every
 * problem becomes one phrase naming the field path and the fix, e.g.
 * `consumers[2].name "Thumbs" must be lowercase letters, digits and hyphens`:
 * the schema's `x-must` annotation says what a value must be.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { packageRoot } from "../packaging/package-root.js";

export const SCHEMA_RELATIVE_PATH = "schema/eda.schema.json";

let compiled: ValidateFunction | undefined;

export function schemaPath(): string {
  return join(packageRoot(), SCHEMA_RELATIVE_PATH);
}

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(schemaPath(), "utf8")) as object;
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addKeyword({ keyword: "x-must", schemaType: "string" });
    ajv.addKeyword({ keyword: "x-must-not", schemaType: "string" });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** The schema's problems with `value`, one phrase each, in document order; empty when valid. */
export function schemaProblems(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const phrases = errors.filter((error) => !shadowed(error, errors)).map(describe);
  return [...new Set(phrases)];
}

/** A type error makes the value's other errors noise; an invalid property name makes its own. */
function shadowed(error: ErrorObject, all: ErrorObject[]): boolean {
  // A bad property name is reported once, by its propertyNames error, not again by the rule inside.
  if (error.propertyName !== undefined && error.keyword !== "propertyNames") return true;
  if (error.keyword === "type") return false;
  if (all.some((other) => other !== error && other.keyword === "type" && other.instancePath === error.instancePath)) return true;
  return false;
}

function describe(error: ErrorObject): string {
  const path = fieldPath(error.instancePath);
  const schema = (error.parentSchema ?? {}) as { "x-must"?: string; "x-must-not"?: string };
  switch (error.keyword) {
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return `${childPath(path, missing)} is missing (add it)`;
    }
    case "additionalProperties": {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return `${childPath(path, extra)} is not a known field (known: ${known.join(", ")})`;
    }
    case "propertyNames": {
      const name = (error.params as { propertyName: string }).propertyName;
      const rule = (error.schema as { "x-must"?: string })["x-must"] ?? "be a valid name";
      return `${path} name "${name}" must ${rule}`;
    }
    case "not":
      return `${path} must ${schema["x-must-not"] ?? "not match"}`;
    case "type":
      if (schema["x-must"] && !/object/.test(String((error.params as { type: unknown }).type))) {
        return `${path} ${shown(error.data)} must ${schema["x-must"]}`;
      }
      return `${path} must be ${article(String((error.params as { type: unknown }).type))}, not ${kindOf(error.data)}`;
    default:
      return `${path} ${shown(error.data)} must ${schema["x-must"] ?? error.message ?? "be valid"}`;
  }
}

/** `/consumers/2/name` -> `consumers[2].name`; the root is "eda.json" itself. */
export function fieldPath(pointer: string): string {
  if (pointer === "") return "the file";
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`), "");
}

function childPath(path: string, field: string): string {
  return path === "the file" ? `"${field}"` : `${path}.${field}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${shown(value)}`;
}

function article(type: string): string {
  const names = type.split(",").map((name) => (name === "array" ? "list" : name));
  return names.map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`)).join(" or ");
}
