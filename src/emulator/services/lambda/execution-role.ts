/**
 * Lambda acting as a function's execution role: it calls sts:AssumeRole as
 * the Lambda service principal, with the function as aws:SourceArn, so the
 * role's trust policy decides, as on AWS (Lambda Developer Guide, "Defining
 * Lambda function permissions with an execution role": the trust policy must
 * allow lambda.amazonaws.com to call sts:AssumeRole).
 *
 * Each execution environment gets its own credentials. The pollers and the
 * log shipper act for the function between invocations; they share one
 * session per function and role, assumed again when it is about to expire
 * or has been revoked (its role was deleted).
 */
import type { AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { servicePrincipal, type RoleSessionPrincipal } from "../../policy/principal.js";
import type { ServiceHub } from "../service.js";

const LAMBDA_SERVICE = "lambda.amazonaws.com";
/** A shared session is assumed again when less than this is left of it. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface ExecutionRoleTarget {
  roleArn: string;
  functionArn: string;
  functionName: string;
  region: string;
}

export interface AssumedExecutionRole {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  /** Who the credentials act as, for the emulator's own calls. */
  principal: RoleSessionPrincipal;
}

/** Calls sts:AssumeRole for the function; rejects with STS's AccessDenied if the role does not trust Lambda (or is gone). */
export async function assumeExecutionRole(hub: ServiceHub, target: ExecutionRoleTarget): Promise<AssumedExecutionRole> {
  const accountId = target.functionArn.split(":")[4]!;
  const output = await hub.call<AssumeRoleCommandOutput>({
    service: "sts",
    operation: "AssumeRole",
    input: { RoleArn: target.roleArn, RoleSessionName: executionRoleSessionName(target.functionName) },
    principal: servicePrincipal(LAMBDA_SERVICE, accountId, target.functionArn),
    region: target.region,
  });
  const credentials = output.Credentials!;
  const principal = hub.credentials.lookup(credentials.AccessKeyId!)?.principal;
  if (principal?.kind !== "role-session") throw new Error(`the session of ${target.roleArn} was revoked as it was issued`);
  return {
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
    expiresAt: credentials.Expiration!.getTime(),
    principal,
  };
}

/**
 * The session is named after the function, as on AWS. STS wants 2 to 64
 * characters and a function name may have just one: it is padded with ".",
 * which no function name contains, so the padded name is no other function's.
 */
function executionRoleSessionName(functionName: string): string {
  return functionName.padEnd(2, ".");
}

/** The sessions Lambda's own work (pollers, log shipping) runs as, one per function and role. */
export class ExecutionRoleSessions {
  private readonly sessions = new Map<string, Promise<AssumedExecutionRole>>();

  constructor(private readonly hub: ServiceHub) {}

  async principal(target: ExecutionRoleTarget): Promise<RoleSessionPrincipal> {
    const key = `${target.functionArn}\n${target.roleArn}`;
    const cached = this.sessions.get(key);
    if (cached) {
      const session = await cached.catch(() => undefined);
      if (session && this.usable(session)) return session.principal;
      if (this.sessions.get(key) === cached) this.sessions.delete(key);
    }
    const assuming = this.sessions.get(key) ?? assumeExecutionRole(this.hub, target);
    this.sessions.set(key, assuming);
    try {
      return (await assuming).principal;
    } catch (error) {
      if (this.sessions.get(key) === assuming) this.sessions.delete(key);
      throw error;
    }
  }

  /** Forgets a function's sessions (it was deleted), revoking their keys. */
  forget(functionArn: string): void {
    for (const [key, session] of this.sessions) {
      if (!key.startsWith(`${functionArn}\n`)) continue;
      this.sessions.delete(key);
      void session.then((assumed) => this.hub.credentials.revoke(assumed.accessKeyId), () => {});
    }
  }

  private usable(session: AssumedExecutionRole): boolean {
    return session.expiresAt - this.hub.clock.now() > RENEW_BEFORE_MS && this.hub.credentials.lookup(session.accessKeyId) !== undefined;
  }
}
