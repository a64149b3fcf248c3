import type { ListRoleTagsCommandInput, ListRoleTagsCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { paginate } from "../pagination.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName } from "../validation.js";

export const listRoleTags = defineOperation<ListRoleTagsCommandInput, ListRoleTagsCommandOutput>({
  access: (input, ctx) => ({ action: "iam:ListRoleTags", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    const page = paginate(role.tags, (tag) => tag.Key, input.Marker, input.MaxItems);
    return { Tags: page.items.map((tag) => ({ ...tag })), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
