/**
 * Subscription filter policies (SNS "Message filtering"): a JSON object whose
 * keys name message attributes (scope MessageAttributes) or paths into a JSON
 * message body (scope MessageBody), each with a list of match conditions. A
 * message passes when every key has a matching condition; `$or` offers
 * alternative sets of keys.
 */
import { BlockList, isIP } from "node:net";
import type { MessageAttributeValue } from "@aws-sdk/client-sns";
import { invalidParameter } from "./errors.js";

export type FilterPolicyScope = "MessageAttributes" | "MessageBody";

export const FILTER_POLICY_SCOPES: readonly FilterPolicyScope[] = ["MessageAttributes", "MessageBody"];

type Scalar = string | number | boolean | null;

type NumericOperator = "=" | "<" | "<=" | ">" | ">=";

type Condition =
  | { kind: "equals"; value: Scalar }
  | { kind: "prefix"; value: string }
  | { kind: "suffix"; value: string }
  | { kind: "equals-ignore-case"; value: string }
  | { kind: "anything-but"; values: Scalar[] }
  | { kind: "anything-but-prefix"; prefix: string }
  | { kind: "numeric"; bounds: [NumericOperator, number][] }
  | { kind: "exists"; exists: boolean }
  | { kind: "cidr"; subnet: BlockList };

/** One key of a policy: a dotted path and the conditions of which one must hold. */
interface KeyRule {
  path: string;
  conditions: Condition[];
}

/** Keys that must all hold; a policy is a list of these when it uses `$or`. */
type Alternative = KeyRule[];

/** AWS limits (subscription-filter-policy-constraints): five top-level keys, 150 combinations. */
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

export class FilterPolicy {
  private constructor(
    readonly text: string,
    private readonly alternatives: Alternative[],
  ) {}

  /**
   * Parses and validates a policy. `reason` is "Attributes Reason: " when the
   * policy came with Subscribe and "" for SetSubscriptionAttributes, matching
   * AWS's two error wordings.
   */
  static parse(text: string, scope: FilterPolicyScope, reason: string): FilterPolicy {
    const fail = (what: string) => invalidParameter(`${reason}FilterPolicy: ${what}`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw fail("failed to parse JSON.");
    }
    if (!isObject(raw)) throw fail("Filter policy must be a JSON object");
    if (Object.keys(raw).length > MAX_KEYS) throw fail(`Filter policy can not have more than ${MAX_KEYS} keys`);
    const compiler = new PolicyCompiler(scope, reason, fail);
    const { alternatives, combinations } = compiler.compileObject(raw, "", 1);
    if (combinations > MAX_COMBINATIONS) throw fail("Filter policy is too complex");
    return new FilterPolicy(text, alternatives);
  }

  /** Scope MessageAttributes: matches the published message attributes. */
  matchesAttributes(attributes: Record<string, MessageAttributeValue>): boolean {
    return this.matches((path) => (path in attributes ? attributeValues(attributes[path]!) : undefined));
  }

  /** Scope MessageBody: matches the message, which must be a JSON object to match anything. */
  matchesBody(message: string): boolean {
    let body: unknown;
    try {
      body = JSON.parse(message);
    } catch {
      return false;
    }
    if (!isObject(body)) return false;
    const leaves = new Map<string, Scalar[]>();
    collectLeaves(body, "", leaves);
    return this.matches((path) => leaves.get(path));
  }

  private matches(lookup: (path: string) => Scalar[] | undefined): boolean {
    return this.alternatives.some((rules) => rules.every((rule) => ruleHolds(rule, lookup(rule.path))));
  }
}

class PolicyCompiler {
  constructor(
    private readonly scope: FilterPolicyScope,
    private readonly reason: string,
    private readonly fail: (what: string) => Error,
  ) {}

  /** Returns the alternatives an object expands to and its combination count (AWS's complexity measure). */
  compileObject(object: Record<string, unknown>, parentPath: string, depth: number): { alternatives: Alternative[]; combinations: number } {
    let alternatives: Alternative[] = [[]];
    let combinations = 1;
    for (const [key, value] of Object.entries(object)) {
      if (key === "$or") {
        if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
          throw this.fail("$or must be an array of at least two objects");
        }
        const branches = value.map((branch) => this.compileObject(branch as Record<string, unknown>, parentPath, depth));
        alternatives = alternatives.flatMap((current) =>
          branches.flatMap((branch) => branch.alternatives.map((alternative) => [...current, ...alternative])),
        );
        combinations *= branches.reduce((sum, branch) => sum + branch.combinations, 0);
        continue;
      }
      const path = parentPath ? `${parentPath}.${key}` : key;
      if (isObject(value)) {
        if (this.scope === "MessageAttributes") {
          throw invalidParameter(`${this.reason}Filter policy scope MessageAttributes does not support nested filter policy`);
        }
        const nested = this.compileObject(value, path, depth + 1);
        alternatives = alternatives.flatMap((current) => nested.alternatives.map((alternative) => [...current, ...alternative]));
        combinations *= nested.combinations;
      } else if (Array.isArray(value)) {
        if (value.length === 0) throw this.fail("Empty arrays are not allowed");
        const rule: KeyRule = { path, conditions: value.map((condition) => this.condition(condition)) };
        alternatives = alternatives.map((current) => [...current, rule]);
        // The documented measure multiplies each value list's length by how deep its key is nested.
        combinations *= value.length * depth;
      } else {
        throw this.fail(`"${key}" must be an object or an array`);
      }
    }
    return { alternatives, combinations };
  }

  private condition(raw: unknown): Condition {
    if (isScalar(raw)) return { kind: "equals", value: raw };
    if (!isObject(raw)) throw this.fail("Match value must be String, number, true, false, or null");
    const entries = Object.entries(raw);
    if (entries.length !== 1) throw this.fail("Only one key allowed in match expression");
    const [operator, operand] = entries[0]!;
    switch (operator) {
      case "prefix":
      case "suffix":
      case "equals-ignore-case":
        if (typeof operand !== "string") throw this.fail(`${operator} match pattern must be a string`);
        return { kind: operator, value: operand };
      case "anything-but":
        return this.anythingBut(operand);
      case "exists":
        if (typeof operand !== "boolean") throw this.fail("exists match pattern must be either true or false.");
        return { kind: "exists", exists: operand };
      case "numeric":
        return { kind: "numeric", bounds: this.numeric(operand) };
      case "cidr":
        return { kind: "cidr", subnet: this.cidr(operand) };
      default:
        throw this.fail(`Unrecognized match type ${operator}`);
    }
  }

  private anythingBut(operand: unknown): Condition {
    if (isObject(operand)) {
      const [inner, value] = Object.entries(operand)[0] ?? [];
      if (inner !== "prefix" || Object.keys(operand).length !== 1) {
        throw this.fail(`Unsupported anything-but pattern: ${inner ?? ""}`);
      }
      if (typeof value !== "string") throw this.fail("prefix match pattern must be a string");
      return { kind: "anything-but-prefix", prefix: value };
    }
    const values = Array.isArray(operand) ? operand : [operand];
    if (values.length === 0 || !values.every((value) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) {
      throw this.fail("Inside anything but list, start|null|boolean is not supported.");
    }
    return { kind: "anything-but", values: values as (string | number)[] };
  }

  /** `[op, n]` or a range `[">"|">=", low, "<"|"<=", high]`. */
  private numeric(operand: unknown): [NumericOperator, number][] {
    if (!Array.isArray(operand) || operand.length === 0) throw this.fail("Invalid member in numeric match: ]");
    const [first, low, second, high, ...rest] = operand as unknown[];
    if (typeof first !== "string") throw this.fail(`Invalid member in numeric match: ${String(first)}`);
    if (!isNumericOperator(first)) throw this.fail(`Unrecognized numeric range operator: ${first}`);
    if (typeof low !== "number") throw this.fail(`Value of ${first === "=" ? "equals" : first} must be numeric`);
    if (operand.length === 2) return [[first, low]];
    if (first !== ">" && first !== ">=") throw this.fail("Too many elements in numeric expression");
    if (typeof second !== "string") throw this.fail(`Bad value in numeric range: ${String(second)}`);
    if (second !== "<" && second !== "<=") throw this.fail(`Bad numeric range operator: ${second}`);
    if (typeof high !== "number") throw this.fail(`Value of ${second} must be numeric`);
    if (high <= low) throw this.fail("Bottom must be less than top");
    if (rest.length > 0) throw this.fail("Too many terms in numeric range expression");
    return [
      [first, low],
      [second, high],
    ];
  }

  private cidr(operand: unknown): BlockList {
    if (typeof operand !== "string") throw this.fail("prefix match pattern must be a string");
    const parts = operand.split("/");
    if (parts.length !== 2) throw this.fail("Malformed CIDR, one '/' required");
    const [address, bits] = parts as [string, string];
    if (!/^\d+$/.test(bits)) throw this.fail("Malformed CIDR, mask bits must be an integer");
    const family = isIP(address);
    const prefix = Number(bits);
    if (family === 0 || prefix > (family === 4 ? 32 : 128)) throw this.fail(`Nonstandard IP address: ${address}`);
    const subnet = new BlockList();
    subnet.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
    return subnet;
  }
}

function ruleHolds(rule: KeyRule, values: Scalar[] | undefined): boolean {
  return rule.conditions.some((condition) => {
    if (condition.kind === "exists") return condition.exists === (values !== undefined);
    return values !== undefined && values.some((value) => conditionHolds(condition, value));
  });
}

function conditionHolds(condition: Exclude<Condition, { kind: "exists" }>, value: Scalar): boolean {
  switch (condition.kind) {
    case "equals":
      return value === condition.value;
    case "prefix":
      return typeof value === "string" && value.startsWith(condition.value);
    case "suffix":
      return typeof value === "string" && value.endsWith(condition.value);
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === condition.value.toLowerCase();
    case "anything-but":
      return !condition.values.includes(value);
    case "anything-but-prefix":
      return typeof value === "string" && !value.startsWith(condition.prefix);
    case "numeric":
      return typeof value === "number" && condition.bounds.every(([operator, bound]) => compare(value, operator, bound));
    case "cidr": {
      if (typeof value !== "string") return false;
      const family = isIP(value);
      return family !== 0 && condition.subnet.check(value, family === 4 ? "ipv4" : "ipv6");
    }
  }
}

function compare(value: number, operator: NumericOperator, bound: number): boolean {
  switch (operator) {
    case "=":
      return value === bound;
    case "<":
      return value < bound;
    case "<=":
      return value <= bound;
    case ">":
      return value > bound;
    case ">=":
      return value >= bound;
  }
}

/**
 * The values an attribute offers to conditions: strings for String types,
 * numbers for Number types, each element of a String.Array; Binary values
 * match nothing but still count as present for `exists`.
 */
function attributeValues(attribute: MessageAttributeValue): Scalar[] {
  const type = attribute.DataType ?? "";
  const text = attribute.StringValue;
  if (type === "String.Array") {
    try {
      const parsed: unknown = JSON.parse(text ?? "");
      return Array.isArray(parsed) ? parsed.filter(isScalar) : [];
    } catch {
      return [];
    }
  }
  if (type === "Number" || type.startsWith("Number.")) {
    const number = Number(text);
    return text !== undefined && text.trim() !== "" && Number.isFinite(number) ? [number] : [];
  }
  if (type === "String" || type.startsWith("String.")) return text === undefined ? [] : [text];
  return [];
}

/**
 * Flattens a JSON body into dotted paths. Arrays contribute each element to
 * the same path, so a condition matches when any element matches, as AWS's
 * payload filtering (shared with EventBridge patterns) does.
 */
function collectLeaves(value: unknown, path: string, leaves: Map<string, Scalar[]>): void {
  if (Array.isArray(value)) {
    for (const element of value) collectLeaves(element, path, leaves);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) collectLeaves(child, path ? `${path}.${key}` : key, leaves);
  } else if (path) {
    const list = leaves.get(path) ?? [];
    list.push(value as Scalar);
    leaves.set(path, list);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

function isNumericOperator(value: string): value is NumericOperator {
  return value === "=" || value === "<" || value === "<=" || value === ">" || value === ">=";
}
