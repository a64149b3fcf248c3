import type { ListRolesCommandInput, ListRolesCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { paginate } from "../pagination.js";
import { accountOf, roleShape } from "../responses.js";
import { validatePathPrefix } from "../validation.js";

/** ListRoles has no resource-level permissions: policies must grant it on "*". */
export const listRoles = defineOperation<ListRolesCommandInput, ListRolesCommandOutput>({
  access: () => ({ action: "iam:ListRoles", resource: "*" }),
  handle: (input, ctx) => {
    const prefix = validatePathPrefix(input.PathPrefix);
    const roles = accountOf(ctx)
      .listRoles()
      .filter((role) => role.path.startsWith(prefix));
    const page = paginate(roles, (role) => role.roleName, input.Marker, input.MaxItems);
    return { Roles: page.items.map((role) => roleShape(role, "list")), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
