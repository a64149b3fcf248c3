import type { ListAttachedRolePoliciesCommandInput, ListAttachedRolePoliciesCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { paginate } from "../pagination.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName, validatePathPrefix } from "../validation.js";

export const listAttachedRolePolicies = defineOperation<ListAttachedRolePoliciesCommandInput, ListAttachedRolePoliciesCommandOutput>({
  access: (input, ctx) => ({ action: "iam:ListAttachedRolePolicies", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    const prefix = validatePathPrefix(input.PathPrefix);
    const attached = [...role.attachedPolicies.values()].filter((policy) => policy.path.startsWith(prefix));
    const page = paginate(attached, (policy) => policy.arn, input.Marker, input.MaxItems);
    return {
      AttachedPolicies: page.items.map((policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
});
