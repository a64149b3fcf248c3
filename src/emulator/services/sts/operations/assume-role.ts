import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { AwsError } from "../../../errors.js";
import { evaluatePolicy } from "../../../policy/policy-evaluator.js";
import { principalArn } from "../../../policy/principal.js";
import { validationError } from "../errors.js";
import { defineOperation, roleDirectory } from "../../service.js";

/** AssumeRole's bounds (STS API Reference, AssumeRole: RoleSessionName, DurationSeconds). */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;

/**
 * The role's trust policy is its resource policy here: the IAM layer admits
 * a service principal (Lambda assuming a function's execution role) only if
 * the trust policy allows it. A role that does not exist, or has not
 * propagated yet, has no trust policy, and the caller is denied as on AWS.
 */
export const assumeRole = defineOperation<AssumeRoleCommandInput, AssumeRoleCommandOutput>({
  access: (input) => ({ action: "sts:AssumeRole", resource: input.RoleArn ?? "" }),
  handle: (input, ctx) => {
    const roleArn = input.RoleArn ?? "";
    const sessionName = input.RoleSessionName ?? "";
    if (!SESSION_NAME.test(sessionName)) {
      throw validationError("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
    }
    const roles = roleDirectory(ctx.hub);
    const role = roles.findRoleByArn(ctx.hub, roleArn);
    const session = roles.roleSession(ctx.hub, roleArn, sessionName);
    const trust = roles.effectiveTrustPolicy(ctx.hub, roleArn);
    const denied = new AwsError("AccessDenied", `User: ${principalArn(ctx.principal)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, { status: 403 });
    if (!role || !session) throw denied;
    // A role session's identity policy alone does not do: the role must trust the caller too.
    if (ctx.principal.kind === "role-session" && (!trust || evaluatePolicy(trust, { action: "sts:AssumeRole", resource: roleArn, principal: ctx.principal, context: {} }, { checkPrincipal: true }) !== "allow")) {
      throw denied;
    }
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (duration < MIN_DURATION_SECONDS) {
      throw validationError("durationSeconds", String(duration), `Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`);
    }
    if (duration > role.maxSessionDuration) {
      throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", { status: 400 });
    }
    const issued = ctx.hub.credentials.issueSession(session, duration);
    return {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: issued.expiration,
      },
      AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
    };
  },
});
