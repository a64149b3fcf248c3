/**
 * Who is making a request. The gateway resolves a principal from the SigV4
 * access key; internal deliveries (S3 -> SNS, SNS -> SQS, Lambda polling) carry
 * the service principal or the function's role session explicitly.
 */
export type Principal = AdminPrincipal | RoleSessionPrincipal | ServicePrincipal;

/** The account's root credentials (`test`/`test` by default): allowed everything. */
export interface AdminPrincipal {
  kind: "admin";
  accountId: string;
  arn: string;
  userId: string;
}

/** Temporary credentials of an assumed role (a Lambda function's execution role). */
export interface RoleSessionPrincipal {
  kind: "role-session";
  accountId: string;
  roleName: string;
  roleArn: string;
  roleId: string;
  sessionName: string;
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
  arn: string;
  userId: string;
}

/** An AWS service acting on behalf of a resource (e.g. s3.amazonaws.com for a bucket). */
export interface ServicePrincipal {
  kind: "service";
  service: string;
  /** The account the acting resource belongs to (aws:SourceAccount). */
  sourceAccount: string;
  /** The acting resource (aws:SourceArn). */
  sourceArn: string;
}

export function adminPrincipal(accountId: string): AdminPrincipal {
  return { kind: "admin", accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
}

export function roleSessionPrincipal(
  accountId: string,
  roleName: string,
  roleId: string,
  sessionName: string,
  rolePath = "/",
): RoleSessionPrincipal {
  return {
    kind: "role-session",
    accountId,
    roleName,
    roleArn: `arn:aws:iam::${accountId}:role${rolePath}${roleName}`,
    roleId,
    sessionName,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${roleId}:${sessionName}`,
  };
}

export function servicePrincipal(service: string, sourceAccount: string, sourceArn: string): ServicePrincipal {
  return { kind: "service", service, sourceAccount, sourceArn };
}

/** The ARN shown in AWS's "User: ... is not authorized" messages. */
export function principalArn(principal: Principal): string {
  return principal.kind === "service" ? principal.service : principal.arn;
}
