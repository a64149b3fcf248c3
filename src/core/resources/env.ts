/**
 * What setup, teardown and status share around the resource modules: who we
 * are (account), the plan for this context, a ResourceEnv per step whose
 * progress becomes step-progress events, and one-line error texts.
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { CoreContext } from "../context.js";
import { EdaError } from "../errors.js";
import { buildPlan, type Plan } from "../plan.js";
import { stackConfig } from "../stack.js";
import { errorName } from "./aws-errors.js";
import type { HandlerCodeSource, ResourceEnv } from "./resource.js";

export interface StackSession {
  plan: Plan;
  /** The identity the calls run as. */
  callerArn: string;
  /** "AWS (us-east-1)" or the custom endpoint. */
  endpoint: string;
}

/** Asks STS for the account (read-only, needs no permission) and builds the plan for it. */
export async function openStack(ctx: CoreContext): Promise<StackSession> {
  const identity = await ctx.clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
  const account = identity.Account ?? "";
  const plan = buildPlan(stackConfig({ stack: ctx.stack, account, region: ctx.target.region, consumers: ctx.consumers }));
  return { plan, callerArn: identity.Arn ?? "", endpoint: ctx.target.endpoint ?? `AWS (${ctx.target.region})` };
}

/** Progress lines name their resource: steps run in parallel and plain output interleaves them. */
export function resourceEnv(ctx: CoreContext, step: { id: string; label: string }, handlerCode: HandlerCodeSource): ResourceEnv {
  return {
    clients: ctx.clients,
    clock: ctx.clock,
    signal: ctx.signal,
    handlerCode,
    progress: (message, attempt) =>
      ctx.events.emit({ type: "step-progress", id: step.id, message: `${step.label}: ${message}`, ...(attempt ? { attempt } : {}) }),
  };
}

/** Builds each consumer's zip once per command, however many steps ask for it. */
export function memoizedHandlerCode(source: HandlerCodeSource): HandlerCodeSource {
  const cache = new Map<string, ReturnType<HandlerCodeSource>>();
  return (consumer) => {
    let code = cache.get(consumer.name);
    if (!code) {
      code = source(consumer);
      cache.set(consumer.name, code);
    }
    return code;
  };
}

/** Each consumer's zip (src/core/packaging), loaded only when a function step needs it. */
export const packagedHandlerCode: HandlerCodeSource = async (consumer) => {
  if (consumer.code.kind === "project") {
    const { bundleProjectConsumer } = await import("../packaging/project-bundle.js");
    return bundleProjectConsumer(consumer);
  }
  const { cachedBuiltinZip } = await import("./handler-code-cache.js");
  return cachedBuiltinZip(consumer.name);
};

/** One line for a step's failure: our own errors as they are, AWS errors with their code. */
export function failureText(error: unknown): string {
  if (error instanceof EdaError) return error.message;
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  const text = name && name !== "Error" && !message.startsWith(name) ? `${name}: ${message}` : message;
  return text.replace(/\s*\n\s*/g, " ").trim();
}
