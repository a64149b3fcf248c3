import type { GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput } from "@aws-sdk/client-sts";
import { defineOperation } from "../../service.js";

/** Needs no permission on AWS: any valid credentials may ask who they are. */
export const getCallerIdentity = defineOperation<GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput>({
  access: () => null,
  handle: (_input, ctx) => {
    const principal = ctx.principal;
    if (principal.kind === "service") {
      return { Account: principal.sourceAccount, Arn: principal.service, UserId: principal.service };
    }
    return { Account: principal.accountId, Arn: principal.arn, UserId: principal.userId };
  },
});
