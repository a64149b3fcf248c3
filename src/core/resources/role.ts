/**
 * A function's execution role, trusting only lambda.amazonaws.com. Removal
 * first deletes every inline policy and detaches every managed policy, since
 * IAM refuses to delete a role that still has any (DeleteConflict).
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type Role,
} from "@aws-sdk/client-iam";
import { parsePolicy, samePolicy, type PolicyDocument } from "../stack/policies.js";
import { isAwsError } from "../aws-errors.js";
import { absent, present, type Drift, type ResourceEnv, type ResourceModule } from "./resource.js";
import { describeMissingTags, missingTags, tagsFromList, tagsToList, type Tags } from "./tags.js";

export interface RoleProps {
  name: string;
  trustPolicy: PolicyDocument;
  /** The inline policies the plan gives the role; any other policy on it is drift (least privilege). */
  inlinePolicyNames: string[];
  description: string;
  tags: Tags;
}

export const role: ResourceModule<RoleProps> = {
  describe: (props) => `role ${props.name}`,

  async read(props, env) {
    const live = await getRole(props.name, env);
    if (!live) return absent;
    const iam = env.clients.iam;
    const drift: Drift[] = [];
    // IAM returns policy documents URL-encoded; parsePolicy decodes them.
    const liveTrust = parsePolicy(live.AssumeRolePolicyDocument);
    if (!samePolicy(liveTrust, props.trustPolicy)) {
      drift.push({
        description: "trust policy differs from the plan (must trust lambda.amazonaws.com only)",
        changes: [{ field: "trust policy", current: liveTrust, planned: props.trustPolicy }],
        repair: async () => {
          await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: props.name, PolicyDocument: JSON.stringify(props.trustPolicy) }));
        },
      });
    }
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: props.name }));
    for (const policyName of (inline.PolicyNames ?? []).filter((name) => !props.inlinePolicyNames.includes(name))) {
      drift.push({
        description: `inline policy ${policyName} is not in the plan`,
        repair: async () => {
          await iam.send(new DeleteRolePolicyCommand({ RoleName: props.name, PolicyName: policyName }));
        },
      });
    }
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: props.name }));
    for (const policy of attached.AttachedPolicies ?? []) {
      drift.push({
        description: `managed policy ${policy.PolicyArn} is attached, which the plan does not grant`,
        repair: async () => {
          await iam.send(new DetachRolePolicyCommand({ RoleName: props.name, PolicyArn: policy.PolicyArn }));
        },
      });
    }
    const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: props.name }));
    const missing = missingTags(props.tags, tagsFromList(Tags));
    if (Object.keys(missing).length > 0) {
      drift.push({
        description: describeMissingTags(missing),
        repair: async () => {
          await iam.send(new TagRoleCommand({ RoleName: props.name, Tags: tagsToList(missing) }));
        },
      });
    }
    return present(drift, { arn: live.Arn ?? "" });
  },

  async create(props, env) {
    await env.clients.iam.send(
      new CreateRoleCommand({
        RoleName: props.name,
        AssumeRolePolicyDocument: JSON.stringify(props.trustPolicy),
        Description: props.description,
        Tags: tagsToList(props.tags),
      }),
    );
  },

  async remove(props, env) {
    if (!(await getRole(props.name, env))) return "absent";
    const iam = env.clients.iam;
    try {
      const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: props.name }));
      for (const policyName of inline.PolicyNames ?? []) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName: props.name, PolicyName: policyName }));
      }
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: props.name }));
      for (const policy of attached.AttachedPolicies ?? []) {
        await iam.send(new DetachRolePolicyCommand({ RoleName: props.name, PolicyArn: policy.PolicyArn }));
      }
      await iam.send(new DeleteRoleCommand({ RoleName: props.name }));
      return "deleted";
    } catch (error) {
      if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return "absent";
      throw error;
    }
  },
};

/** Whether the role exists (GetRole), for a step that depends on it and is told it cannot use it. */
export async function roleExists(name: string, env: ResourceEnv): Promise<boolean> {
  return (await getRole(name, env)) !== undefined;
}

async function getRole(name: string, env: ResourceEnv): Promise<Role | undefined> {
  try {
    return (await env.clients.iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (error) {
    if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return undefined;
    throw error;
  }
}
