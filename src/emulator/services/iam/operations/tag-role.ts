import type { TagRoleCommandInput, TagRoleCommandOutput } from "@aws-sdk/client-iam";
import { defineOperation } from "../../service.js";
import { accountOf, roleArnFor } from "../responses.js";
import { validateName, validateTags } from "../validation.js";

export const tagRole = defineOperation<TagRoleCommandInput, TagRoleCommandOutput>({
  access: (input, ctx) => ({ action: "iam:TagRole", resource: roleArnFor(ctx, input.RoleName) }),
  handle: (input, ctx) => {
    const role = accountOf(ctx).role(validateName("roleName", input.RoleName, 64));
    role.tag(validateTags(input.Tags, role.tags));
    return {};
  },
});
