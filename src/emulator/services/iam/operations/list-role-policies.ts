import type { ListRolePoliciesCommandInput, ListRolePoliciesCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { paginate } from "../pagination.js";
import { accountOf, roleArnFor } from "../responses.js";
import { compareNames } from "../store.js";
import { validateName } from "../validation.js";

export const listRolePolicies = defineOperation<ListRolePoliciesCommandInput, ListRolePoliciesCommandOutput>({
  access: (input, ctx) => ({ action: "iam:ListRolePolicies", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    const names = [...role.inlinePolicies.keys()].sort(compareNames);
    const page = paginate(names, (name) => name, input.Marker, input.MaxItems);
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
