/** Trust (assume-role) policies: parsed as trust documents and held to IAM's size quota. */
import { AwsError } from "../../errors.js";
import { parseIamPolicy } from "./errors.js";
import type { StoredPolicy } from "./managed-policy.js";
import { policySize, required } from "./validation.js";

/** Default quota for a role trust policy (IAM quotas: "Role trust policy length", 2,048 characters). */
const TRUST_POLICY_QUOTA = 2048;

export function trustPolicyFrom(text: string | undefined): StoredPolicy {
  const document = parseIamPolicy(required("assumeRolePolicyDocument", text), "trust");
  if (policySize(text!) > TRUST_POLICY_QUOTA) {
    throw new AwsError("LimitExceededException", `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`);
  }
  return { text: text!, document };
}
