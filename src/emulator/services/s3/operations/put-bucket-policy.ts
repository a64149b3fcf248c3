import type { PutBucketPolicyCommandInput, PutBucketPolicyCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { MalformedPolicyError, parsePolicyDocument, toList, type PolicyDocument } from "../../../policy/policy-document.js";
import { globMatches } from "../../../policy/policy-evaluator.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

function malformedPolicy(message: string): AwsError {
  return new AwsError("MalformedPolicy", message, { status: 400 });
}

/** A bucket policy may only name this bucket and its objects as resources. */
function assertResourcesInBucket(document: PolicyDocument, bucketArn: string): void {
  for (const statement of document.Statement) {
    for (const resource of [...toList(statement.Resource), ...toList(statement.NotResource)]) {
      const coversBucket = globMatches(resource, bucketArn, false) || globMatches(resource, `${bucketArn}/object`, false);
      if (!coversBucket && !resource.startsWith(`${bucketArn}/`)) throw malformedPolicy("Policy has invalid resource");
    }
  }
}

/** The bucket's resource policy, consulted by the IAM layer for every request on the bucket and its objects. */
export const putBucketPolicy = defineOperation<PutBucketPolicyCommandInput, PutBucketPolicyCommandOutput>({
  access: (input) => bucketAccess("PutBucketPolicy", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const text = input.Policy ?? "";
    if (!text.trimStart().startsWith("{")) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
    let document: PolicyDocument;
    try {
      document = parsePolicyDocument(text, "resource");
    } catch (error) {
      if (error instanceof MalformedPolicyError) throw malformedPolicy(error.message);
      throw error;
    }
    assertResourcesInBucket(document, bucket.arn);
    bucket.policy = { text, document };
    return {};
  },
});
