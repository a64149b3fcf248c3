/**
 * The eda command lines core code suggests ("run eda setup --local --stack
 * nosuch first"): they repeat what points this run at its stack and target,
 * so the copied command acts on the same stack in the same place.
 */
import type { AwsTarget } from "./context.js";

export const DEFAULT_STACK_NAME = "eda-demo";
/** The region --local uses when none is given (the one users of local emulators expect). */
export const LOCAL_DEFAULT_REGION = "us-east-1";

/** `eda <command>` with --local / --endpoint-url, --profile, --region and --stack as this run used them. */
export function edaCommand(ctx: { stack: string; target: AwsTarget }, command: string): string {
  const { target } = ctx;
  const flags: string[] = [];
  if (target.local) flags.push("--local");
  else if (target.endpoint) flags.push("--endpoint-url", target.endpoint);
  if (target.profile) flags.push("--profile", target.profile);
  if (!target.local || target.region !== LOCAL_DEFAULT_REGION) flags.push("--region", target.region);
  if (ctx.stack !== DEFAULT_STACK_NAME) flags.push("--stack", ctx.stack);
  return ["eda", command, ...flags].join(" ");
}
