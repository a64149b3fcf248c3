/** A role's inline least-privilege policy. */
import { DeleteRolePolicyCommand, GetRolePolicyCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { parsePolicy, samePolicy, type PolicyDocument } from "../stack/policies.js";
import { isAwsError } from "../aws-errors.js";
import { absent, present, type ResourceEnv, type ResourceModule } from "./resource.js";

export interface RolePolicyProps {
  roleName: string;
  policyName: string;
  policy: PolicyDocument;
}

export const rolePolicy: ResourceModule<RolePolicyProps> = {
  describe: (props) => `policy ${props.policyName} of role ${props.roleName}`,

  async read(props, env) {
    let document: string | undefined;
    try {
      const output = await env.clients.iam.send(new GetRolePolicyCommand({ RoleName: props.roleName, PolicyName: props.policyName }));
      document = output.PolicyDocument;
    } catch (error) {
      if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return absent;
      throw error;
    }
    const live = parsePolicy(document);
    if (samePolicy(live, props.policy)) return present();
    return present([
      {
        description: "policy document differs from the plan",
        changes: [{ field: "policy", current: live, planned: props.policy }],
        repair: () => putPolicy(props, env),
      },
    ]);
  },

  create: (props, env) => putPolicy(props, env),

  async remove(props, env) {
    try {
      await env.clients.iam.send(new DeleteRolePolicyCommand({ RoleName: props.roleName, PolicyName: props.policyName }));
      return "deleted";
    } catch (error) {
      if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return "absent";
      throw error;
    }
  },
};

async function putPolicy(props: RolePolicyProps, env: ResourceEnv): Promise<void> {
  await env.clients.iam.send(
    new PutRolePolicyCommand({ RoleName: props.roleName, PolicyName: props.policyName, PolicyDocument: JSON.stringify(props.policy) }),
  );
}
