/**
 * Who we are and what the stack is here: STS says the account (read-only,
 * needs no permission), and the plan is built for it.
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { CoreContext } from "../context.js";
import { stackConfig } from "./config.js";
import { buildPlan, type Plan } from "./plan.js";

export interface StackSession {
  plan: Plan;
  /** The identity the calls run as. */
  callerArn: string;
  /** "AWS (us-east-1)" or the custom endpoint. */
  endpoint: string;
}

export async function openStack(ctx: CoreContext): Promise<StackSession> {
  const identity = await ctx.clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
  const account = identity.Account ?? "";
  const plan = buildPlan(stackConfig({ stack: ctx.stack, account, region: ctx.target.region, consumers: ctx.consumers }));
  return { plan, callerArn: identity.Arn ?? "", endpoint: ctx.target.endpoint ?? `AWS (${ctx.target.region})` };
}
