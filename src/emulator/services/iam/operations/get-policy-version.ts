import type { GetPolicyVersionCommandInput, GetPolicyVersionCommandOutput } from "@aws-sdk/client-iam";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { accountOf, encodePolicyDocument } from "../responses.js";
import { required, validatePolicyArn } from "../validation.js";

/** Managed policies here have a single version, v1, which is the default. */
export const getPolicyVersion = defineOperation<GetPolicyVersionCommandInput, GetPolicyVersionCommandOutput>({
  access: (input) => ({ action: "iam:GetPolicyVersion", resource: input.PolicyArn ?? "" }),
  handle: (input, ctx) => {
    const policy = accountOf(ctx).managedPolicy(validatePolicyArn(input.PolicyArn));
    const versionId = required("versionId", input.VersionId);
    if (versionId !== policy.defaultVersionId) {
      throw new AwsError("NoSuchEntityException", `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    }
    return {
      PolicyVersion: {
        Document: encodePolicyDocument(policy.policy.text),
        VersionId: versionId,
        IsDefaultVersion: true,
        CreateDate: policy.createDate,
      },
    };
  },
});
