/** IAM's errors, with the codes the SDK surfaces and AWS's wording. */
import { AwsError } from "../../errors.js";
import { MalformedPolicyError, parsePolicyDocument, type PolicyDocument } from "../../policy/policy-document.js";

export function noSuchRole(roleName: string): AwsError {
  return new AwsError("NoSuchEntityException", `The role with name ${roleName} cannot be found.`);
}

export function noSuchPolicy(policyArn: string): AwsError {
  return new AwsError("NoSuchEntityException", `Policy ${policyArn} does not exist or is not attachable.`);
}

/** IAM's constraint message for a parameter that fails its pattern or length. */
export function validationError(parameter: string, value: string, constraint: string): AwsError {
  return new AwsError(
    "ValidationError",
    `1 validation error detected: Value '${value}' at '${parameter}' failed to satisfy constraint: ${constraint}`,
    { status: 400 },
  );
}

/**
 * Parses a policy or answers MalformedPolicyDocument as IAM does; text that
 * is not JSON at all has its own message (localstack test_iam.snapshot.json
 * "test_create_role_with_malformed_assume_role_policy_document").
 */
export function parseIamPolicy(text: string, kind: "identity" | "trust"): PolicyDocument {
  try {
    JSON.parse(text);
  } catch {
    throw new AwsError("MalformedPolicyDocumentException", "This policy contains invalid Json");
  }
  try {
    return parsePolicyDocument(text, kind);
  } catch (error) {
    if (error instanceof MalformedPolicyError) throw new AwsError("MalformedPolicyDocumentException", error.message);
    throw error;
  }
}
