/**
 * Fault injection: throttling, server errors, latency and dropped connections
 * on chosen services and operations, at a rate, decided by a seeded random
 * source so a failing run can be replayed. Used to prove that clients retry
 * what AWS says is retryable and converge after interruptions.
 */
import { seededRandom, type Random } from "./clock.js";
import { AwsError } from "./errors.js";

export type FaultKind = "throttle" | "server-error" | "unavailable" | "latency" | "reset" | "lost-response";

export interface FaultRule {
  kind: FaultKind;
  /** Share of matching requests affected, 0..1. */
  rate: number;
  /** Signing name ("sqs", "s3", ...); absent = every service. */
  service?: string;
  /** Operation name ("SendMessage"); absent = every operation. */
  operation?: string;
  /**
   * Who signed the request: "admin" (the account's keys: the CLI, scripts) or
   * "role-session" (functions' temporary keys); absent = every caller.
   */
  caller?: FaultCaller;
  /** For "latency": added delay. */
  latencyMs?: number;
}

export interface FaultPlan {
  seed: number;
  rules: FaultRule[];
}

export type FaultCaller = "admin" | "role-session";

export type FaultDecision =
  | { kind: "none" }
  | { kind: "error"; error: AwsError }
  | { kind: "latency"; ms: number }
  | { kind: "reset" }
  | { kind: "lost-response" };

const KINDS: readonly FaultKind[] = ["throttle", "server-error", "unavailable", "latency", "reset", "lost-response"];
const CALLERS: readonly FaultCaller[] = ["admin", "role-session"];

/** Each service's own throttling error, as its SDK recognises it. */
function throttlingError(service: string): AwsError {
  const message = "Rate exceeded";
  switch (service) {
    case "sqs":
      return new AwsError("RequestThrottled", message, { status: 403, queryCode: "RequestThrottled" });
    case "s3":
      return new AwsError("SlowDown", "Please reduce your request rate.", { status: 503 });
    case "lambda":
      return new AwsError("TooManyRequestsException", message, { status: 429 });
    case "sns":
      return new AwsError("ThrottledException", message, { status: 429, queryCode: "Throttled" });
    case "logs":
      return new AwsError("ThrottlingException", message, { status: 400 });
    default:
      return new AwsError("Throttling", message, { status: 400 });
  }
}

function serverError(service: string): AwsError {
  return service === "s3"
    ? new AwsError("InternalError", "We encountered an internal error. Please try again.", { status: 500 })
    : new AwsError("InternalFailure", "The request processing has failed because of an unknown error.", { status: 500 });
}

function unavailableError(service: string): AwsError {
  return service === "s3"
    ? new AwsError("ServiceUnavailable", "Please reduce your request rate.", { status: 503 })
    : new AwsError("ServiceUnavailable", "Service is unavailable. Please try again later.", { status: 503 });
}

export class FaultInjector {
  private plan: FaultPlan | undefined;
  private random: Random = seededRandom(0);
  private injected = new Map<FaultKind, number>();

  constructor(plan?: FaultPlan) {
    this.set(plan);
  }

  set(plan: FaultPlan | undefined): void {
    this.plan = plan;
    this.random = seededRandom(plan?.seed ?? 0);
    this.injected = new Map();
  }

  current(): FaultPlan | undefined {
    return this.plan;
  }

  /** How many faults of each kind the current plan has injected so far. */
  counts(): Partial<Record<FaultKind, number>> {
    return Object.fromEntries(this.injected);
  }

  /** `caller` is the kind of principal that signed the request (services' own calls are never faulted). */
  decide(service: string, operation: string, caller: string = "admin"): FaultDecision {
    if (!this.plan) return { kind: "none" };
    for (const rule of this.plan.rules) {
      if (rule.service && rule.service !== service) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.caller && rule.caller !== caller) continue;
      if (this.random.next() >= rule.rate) continue;
      this.injected.set(rule.kind, (this.injected.get(rule.kind) ?? 0) + 1);
      switch (rule.kind) {
        case "throttle":
          return { kind: "error", error: throttlingError(service) };
        case "server-error":
          return { kind: "error", error: serverError(service) };
        case "unavailable":
          return { kind: "error", error: unavailableError(service) };
        case "latency":
          return { kind: "latency", ms: rule.latencyMs ?? 200 };
        case "reset":
          return { kind: "reset" };
        case "lost-response":
          return { kind: "lost-response" };
      }
    }
    return { kind: "none" };
  }
}

/**
 * Parses a plan from JSON (`{"seed":1,"rules":[...]}`) or the compact form
 * `kind[=ms]:rate[:service[:operation[:caller]]],...[@seed]`, e.g.
 * `throttle:0.1,server-error:0.05:sqs,latency=250:0.2:s3:PutObject@42` or
 * `throttle:0.2:::admin` (every service and operation, the CLI's calls only).
 */
export function parseFaultPlan(text: string): FaultPlan {
  const trimmed = text.trim();
  const plan = trimmed.startsWith("{") ? (JSON.parse(trimmed) as FaultPlan) : parseCompact(trimmed);
  validateFaultPlan(plan);
  return plan;
}

function parseCompact(text: string): FaultPlan {
  const [rulesText = "", seedText] = text.split("@");
  const rules = rulesText
    .split(",")
    .filter((part) => part.trim().length > 0)
    .map((part): FaultRule => {
      const [kindAndParam = "", rate, service, operation, caller] = part.trim().split(":");
      const [kind, param] = kindAndParam.split("=");
      return {
        kind: kind as FaultKind,
        rate: Number(rate),
        ...(param !== undefined ? { latencyMs: Number(param) } : {}),
        ...(service ? { service } : {}),
        ...(operation ? { operation } : {}),
        ...(caller ? { caller: caller as FaultCaller } : {}),
      };
    });
  return { seed: seedText === undefined ? 1 : Number(seedText), rules };
}

export function validateFaultPlan(plan: FaultPlan): void {
  if (!Number.isInteger(plan.seed)) throw new Error(`fault plan seed must be an integer, got ${String(plan.seed)}`);
  if (!Array.isArray(plan.rules)) throw new Error("fault plan needs a list of rules");
  for (const rule of plan.rules) {
    if (!KINDS.includes(rule.kind)) throw new Error(`unknown fault kind "${String(rule.kind)}" (use ${KINDS.join(", ")})`);
    if (!(rule.rate >= 0 && rule.rate <= 1)) throw new Error(`fault rate must be between 0 and 1, got ${String(rule.rate)}`);
    if (rule.kind === "latency" && !(Number(rule.latencyMs) >= 0)) throw new Error("latency faults need latencyMs >= 0");
    if (rule.caller !== undefined && !CALLERS.includes(rule.caller)) throw new Error(`unknown fault caller "${String(rule.caller)}" (use ${CALLERS.join(" or ")})`);
  }
}
